package io.dcloud.forward.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.forward.Mapping;
import io.dcloud.forward.Protocol;
import io.dcloud.sni.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwarderFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("forward.yaml"), yaml);
    }

    @Test
    void readsTheDocumentedShape() throws Exception {
        ForwarderFile file = ForwarderFile.read(write("""
                timeouts: { connect: 2s, idle: 1h, udpIdle: 30s }
                threads: 1
                mappings:
                  - { listen: "0.0.0.0:20000", backend: "10.0.0.5:22", protocol: tcp }
                  - { listen: "0.0.0.0:20001", backend: "10.0.0.5:51820", protocol: udp }
                  - { listen: "0.0.0.0:20002", backend: "10.0.0.5:80", proxyProtocol: true }
                """));
        assertEquals(Duration.ofSeconds(30), file.config().udpIdleTimeout());
        assertEquals(1, file.config().threads());
        assertEquals(Duration.ofHours(1), file.config().relay().idleTimeout());
        assertEquals(
                List.of(Mapping.tcp("0.0.0.0:20000", "10.0.0.5:22"), Mapping.udp("0.0.0.0:20001", "10.0.0.5:51820")),
                file.mappings().subList(0, 2));
        assertEquals(Protocol.TCP, file.mappings().get(2).protocol());
        assertTrue(file.mappings().get(2).proxyProtocol());
    }

    @Test
    void ipv6MappingsAreWrittenInBrackets() throws Exception {
        ForwarderFile file = ForwarderFile.read(write("""
                mappings:
                  - { listen: "[::]:20000", backend: "[fd00::5]:22" }
                  - { listen: "[::1]:20001", backend: "10.0.0.5:51820", protocol: udp }
                """));
        assertEquals(
                List.of(Mapping.tcp("[::]:20000", "[fd00::5]:22"), Mapping.udp("[::1]:20001", "10.0.0.5:51820")),
                file.mappings());
        assertEquals("tcp [::]:20000 -> [fd00::5]:22", file.mappings().get(0).key());
        assertRejected(
                "mappings:\n  - { listen: \"::1:20000\", backend: \"x:2\" }\n",
                "mappings[0] listen: IPv6 addresses need brackets");
        assertRejected(
                "mappings:\n  - { listen: \"[::1]:1\", backend: \"[fd00::5]\" }\n",
                "mappings[0] backend: expected [ipv6]:port");
    }

    private void assertRejected(String yaml, String expected) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ForwarderFile.read(write(yaml)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badFilesAreExplained() throws Exception {
        assertRejected(
                "mappings:\n  - { listen: \"0.0.0.0:1\", backend: \"x:2\", protocol: sctp }\n",
                "mappings[0] protocol: expected tcp or udp, got 'sctp'");
        assertRejected(
                "mappings:\n  - { listen: \"0.0.0.0\", backend: \"x:2\" }\n", "mappings[0] listen: expected host:port");
        assertRejected("mappings:\n  - { backend: \"x:2\" }\n", "mappings[0] listen: is required");
        assertRejected(
                "mappings:\n  - { listen: \"0.0.0.0:1\", backend: \"x:2\" }\n  - { listen: \"0.0.0.0:1\", backend: \"y:2\" }\n",
                "is listed twice");
        assertRejected(
                "mappings:\n  - { listen: \"0.0.0.0:1\", backend: \"x:2\", protocol: udp, proxyProtocol: true }\n",
                "PROXY protocol is for TCP mappings only");
        assertRejected("threads: 0\nmappings: []\n", "threads: must be at least 1");
    }
}
