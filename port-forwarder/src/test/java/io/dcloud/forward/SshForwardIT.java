package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.sni.testing.Proc;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real sshd behind the forwarder: ssh runs commands through it; removing the mapping cuts sessions. */
class SshForwardIT {
    @TempDir
    static Path dir;

    static SshServer sshd;
    static PortForwarder forwarder;

    @BeforeAll
    static void start() throws Exception {
        sshd = new SshServer(dir);
        forwarder = PortForwarder.start(ForwarderConfig.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        forwarder.close();
        sshd.close();
    }

    private static Mapping open() {
        Mapping m = Mapping.tcp("127.0.0.1:0", "127.0.0.1:" + sshd.port());
        forwarder.add(m);
        return m;
    }

    private static int port(Mapping m) {
        return forwarder.boundAddress(m).getPort();
    }

    @Test
    void sshRunsACommandThroughTheForwardedPort() throws Exception {
        Mapping m = open();
        try {
            Proc p = Proc.run(sshd.ssh(port(m), "echo forwarded-$((6*7))"), "", 30);
            assertEquals(0, p.exit(), p.out());
            assertEquals("forwarded-42", p.out().strip());
            assertTrue(forwarder.metrics().bytes().get(m.key()).toClient() > 0, "bytes to the client are counted");
        } finally {
            forwarder.remove(m, true);
        }
    }

    @Test
    void removingTheMappingWithCutEndsALiveSshSession() throws Exception {
        Mapping m = open();
        Process session = new ProcessBuilder(sshd.ssh(port(m), "echo started; sleep 60"))
                .redirectErrorStream(true)
                .start();
        try {
            byte[] line = session.getInputStream().readNBytes("started\n".length());
            assertEquals("started\n", new String(line, StandardCharsets.US_ASCII));
            forwarder.remove(m, true);
            assertTrue(session.waitFor(15, TimeUnit.SECONDS), "the ssh session must end when its mapping is cut");
            assertNotEquals(0, session.exitValue());
        } finally {
            session.destroyForcibly();
        }
    }

    @Test
    void removingWithoutCutKeepsLiveConnectionsButRefusesNewOnes() throws Exception {
        Mapping m = open();
        int port = port(m);
        try (Socket live = new Socket(InetAddress.getLoopbackAddress(), port)) {
            live.setSoTimeout(10_000);
            assertTrue(readLine(live).startsWith("SSH-2.0-"));
            forwarder.remove(m, false);
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            live.getOutputStream().write("SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(live.getInputStream().read() >= 0, "the live connection still reaches sshd");
        }
    }

    private static String readLine(Socket s) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = s.getInputStream().read()) != -1 && c != '\n'; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void applyConvergesToTheGivenMappings() throws Exception {
        Mapping a = Mapping.tcp("127.0.0.1:0", "127.0.0.1:" + sshd.port());
        Mapping udp = Mapping.udp("127.0.0.1:0", "127.0.0.1:9");
        forwarder.apply(List.of(a, udp));
        int aPort = port(a);
        forwarder.apply(List.of(a));
        assertEquals(List.of(a), forwarder.mappings());
        assertEquals(aPort, port(a), "a mapping listed again is left alone");
        forwarder.apply(List.of());
        assertEquals(List.of(), forwarder.mappings());
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), aPort).close());
    }
}
