package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.testing.Backend;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle timeout of a forwarded port counts bytes either way: a download the client never answers stays up. */
class IdleForwardIT {

    @Test
    void aSilentConnectionClosesAtTheIdleTimeoutWhileOneThatOnlyReceivesStays() throws Exception {
        Duration idle = Duration.ofMillis(400);
        ForwarderConfig config =
                ForwarderConfig.defaults().withRelay(new RelayConfig(Duration.ofSeconds(5), idle, 100, 100));
        try (Backend backend = new Backend(false);
                PortForwarder forwarder = PortForwarder.start(config)) {
            Mapping m =
                    new Mapping(HostPort.parse("127.0.0.1:0"), HostPort.parse(backend.address()), Protocol.TCP, false);
            forwarder.add(m);
            int port = forwarder.boundAddress(m).getPort();
            try (Socket quiet = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket upstreamOfQuiet = backend.nextConnection();
                    Socket receiving = new Socket(InetAddress.getLoopbackAddress(), port);
                    Socket upstream = backend.nextConnection()) {
                long quietStart = System.nanoTime();
                receiving.setSoTimeout(5_000);
                // The backend sends a byte every 100 ms, a quarter of the timeout; the client never sends one.
                long start = System.nanoTime();
                int received = 0;
                while (millisSince(start) < 4 * idle.toMillis()) {
                    upstream.getOutputStream().write('d');
                    assertEquals('d', receiving.getInputStream().read(), "the receiving connection must stay open");
                    received++;
                    Thread.sleep(100);
                }
                quiet.setSoTimeout(10_000);
                assertEquals(-1, quiet.getInputStream().read(), "the silent connection is closed");
                long closedAfter = millisSince(quietStart);
                assertTrue(closedAfter >= idle.toMillis(), "closed after " + closedAfter + " ms, before the timeout");
                assertEquals(0, Backend.readToEnd(upstreamOfQuiet).length, "its backend side is closed too");
                assertTrue(received >= 10, received + " bytes received");
                upstream.getOutputStream().write('e');
                assertEquals('e', receiving.getInputStream().read(), "still open after four timeouts");
                assertEquals(1, forwarder.connections(m));
            }
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
