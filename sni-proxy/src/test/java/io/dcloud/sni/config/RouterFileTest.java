package io.dcloud.sni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("router.yaml"), yaml);
    }

    @Test
    void readsTheDocumentedShape() throws Exception {
        RouterFile file = RouterFile.read(write("""
                listeners: { tls: "0.0.0.0:443", http: "[::]:80" }
                defaultBackend: "127.0.0.1:8443"
                timeouts: { handshake: 5s, connect: 500ms, idle: 10m }
                limits: { connections: 1000, perIp: 50 }
                threads: 1
                routes:
                  - { name: "app.example.com", backend: "10.0.0.5:443", proxyProtocol: false }
                  - { name: "*.rent.example.com", backend: "10.0.0.6:443", proxyProtocol: true, maxConnections: 10 }
                  - { name: "vm.example.com", backend: "10.0.0.7:443", httpBackend: "10.0.0.7:80" }
                """));
        assertEquals("0.0.0.0:443", file.config().tls().toString());
        assertEquals("[::]:80", file.config().http().toString());
        assertEquals(Duration.ofSeconds(5), file.config().handshakeTimeout());
        assertEquals(Duration.ofMillis(500), file.config().relay().connectTimeout());
        assertEquals(50, file.config().relay().maxConnectionsPerIp());
        assertEquals(1, file.config().threads());
        assertEquals("127.0.0.1:8443", file.config().defaultBackend().toString());
        assertTrue(file.routes().lookup("vm1.rent.example.com").proxyProtocol());
        assertFalse(file.routes().lookup("app.example.com").proxyProtocol());
        assertEquals(
                "10.0.0.5:443",
                file.routes().lookup("app.example.com").httpBackend().toString());
        assertEquals(
                "10.0.0.7:80",
                file.routes().lookup("vm.example.com").httpBackend().toString());
        assertEquals(
                "10.0.0.7:443", file.routes().lookup("vm.example.com").backend().toString());
    }

    @Test
    void ipv6ListenersAndBackendsAreWrittenInBrackets() throws Exception {
        RouterFile file = RouterFile.read(write("""
                listeners: { tls: "[::1]:8443", http: "[::]:8080" }
                defaultBackend: "[2001:db8::1]:443"
                routes:
                  - { name: "app.example.com", backend: "[::1]:9443", httpBackend: "[fd00::7]:80" }
                """));
        assertEquals("::1", file.config().tls().host());
        assertEquals(8443, file.config().tls().port());
        assertEquals("[::]:8080", file.config().http().toString());
        assertEquals("[2001:db8::1]:443", file.config().defaultBackend().toString());
        assertEquals(
                "[::1]:9443", file.routes().lookup("app.example.com").backend().toString());
        assertEquals(
                "[fd00::7]:80",
                file.routes().lookup("app.example.com").httpBackend().toString());
    }

    @Test
    void badIpv6FormsAreRefusedWithTheirPlace() throws Exception {
        assertRejected("listeners: { tls: \"::1:443\" }\n", "listeners. tls: IPv6 addresses need brackets");
        assertRejected("listeners: { tls: \"[::1:443\" }\n", "listeners. tls: missing ']'");
        assertRejected(
                "listeners: { tls: \"[::1]:443\" }\nroutes:\n  - { name: a.example, backend: \"[::1]\" }\n",
                "routes[0] backend: expected [ipv6]:port");
        assertRejected(
                "listeners: { tls: \"[::1]:443\" }\ndefaultBackend: \"[10.0.0.1]:443\"\n",
                "defaultBackend: brackets hold an IPv6 address");
    }

    @Test
    void withoutListenersTheRouterTakes443And80OnEveryAddress() throws Exception {
        RouterFile file = RouterFile.read(write("routes:\n  - { name: a.example, backend: \"127.0.0.1:8443\" }\n"));
        assertEquals(new HostPort("::", 443), file.config().tls());
        assertEquals(new HostPort("::", 80), file.config().http());
        assertEquals("[::]:443", file.config().tls().toString());
    }

    @Test
    void routesAreOptional() throws Exception {
        RouterFile file = RouterFile.read(write("listeners: { http: \"127.0.0.1:0\" }\n"));
        assertNull(file.config().tls());
        assertEquals(0, file.routes().size());
    }

    private void assertRejected(String yaml, String expected) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> RouterFile.read(write(yaml)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badFilesGetMessagesThatSayWhereAndWhat() throws Exception {
        assertRejected("listeners: { tls: \"0.0.0.0\" }\n", "listeners. tls: expected host:port");
        assertRejected(
                "listeners: { tls: \"0.0.0.0:443\" }\nroutes:\n  - { name: a.example, backend: \"1.2.3.4:99999\" }\n",
                "routes[0] backend: port out of range");
        assertRejected(
                "listeners: { tls: \"0.0.0.0:443\" }\nroutes:\n  - { name: \"bad name\", backend: \"1.2.3.4:1\" }\n",
                "routes[0] name: 'bad name' is not a DNS name");
        assertRejected(
                "listeners: { tls: \"0.0.0.0:443\" }\nroutes:\n  - { name: a.example, backend: \"1.2.3.4:1\", proxy: true }\n",
                "unknown key 'proxy'");
        assertRejected(
                "listeners: { tls: \"0.0.0.0:443\" }\nroutes:\n  - { name: a.example, backend: \"1.2.3.4:1\" }\n"
                        + "  - { name: A.example., backend: \"1.2.3.4:2\" }\n",
                "a.example is listed twice");
        assertRejected(
                "listeners: { tls: \"0.0.0.0:443\" }\ntimeouts: { idle: soon }\n",
                "idle: expected a positive duration");
        assertRejected("listeners: [\n", "not valid YAML");
        ConfigException missing =
                assertThrows(ConfigException.class, () -> RouterFile.read(dir.resolve("absent.yaml")));
        assertTrue(missing.getMessage().endsWith("absent.yaml: no such file"), missing.getMessage());
    }
}
