package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.ClientHellos;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A TLS client that keeps sending to a backend that reads nothing: once the backend's side backs up the router
 * must stop reading from the client (writability), not buffer the difference. What the client manages to write
 * meanwhile is bounded by socket buffers and the relay's write high-water mark; without backpressure it would be
 * everything. Then the backend reads and gets the hello and every byte after it, in order. The router never
 * decrypts, so a real ClientHello followed by raw bytes is all the TLS it needs.
 */
class ClientBackpressureIT {
    private static final long TOTAL = 256L << 20;
    /** Loopback socket buffers (send up to 4 MiB, receive autotuned up to 32 MiB) plus the 64 KiB high-water mark. */
    private static final long BOUND = 48L << 20;

    @Test
    void aBackendThatDoesNotReadHoldsTheClientBack() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] hello = ClientHellos.hello("up.example.com");
        AtomicLong written = new AtomicLong();
        try (ServerSocket backend = new ServerSocket();
                SniRouter router = SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), null))) {
            backend.setReceiveBufferSize(64 * 1024);
            backend.bind(new InetSocketAddress(loopback, 0), 1);
            router.replaceRoutes(
                    RouteTable.of(List.of(Route.of("up.example.com", "127.0.0.1:" + backend.getLocalPort()))), false);
            try (Socket client = new Socket(loopback, router.tlsAddress().getPort())) {
                Thread writer = Thread.ofPlatform().daemon().start(() -> writeCounting(client, hello, written));
                try (Socket upstream = backend.accept()) {
                    long stalledAt = awaitStall(written);
                    assertTrue(
                            stalledAt < BOUND,
                            "the client wrote " + (stalledAt >> 20) + " MiB to a backend that read nothing: the"
                                    + " router buffered it instead of pushing back");

                    upstream.setSoTimeout(30_000);
                    InputStream in = upstream.getInputStream();
                    assertArrayEquals(hello, in.readNBytes(hello.length), "the hello comes first, unchanged");
                    assertEquals(TOTAL, readAll(in), "every byte arrives once the backend reads");
                }
                writer.join(30_000);
                assertEquals(TOTAL, written.get());
            }
            assertEquals(
                    hello.length + TOTAL,
                    router.metrics().bytes().get("up.example.com").toBackend());
        }
    }

    /** Waits until the client's progress stops: a router without backpressure would run to TOTAL instead. */
    private static long awaitStall(AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long last = -1;
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            long now = written.get();
            unchanged = now == last && now > 0 ? unchanged + 1 : 0;
            if (unchanged >= 10 || now == TOTAL) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        throw new AssertionError("the client neither stalled nor finished within a minute: " + written.get());
    }

    /** The hello, then TOTAL pattern bytes, then FIN. */
    private static void writeCounting(Socket client, byte[] hello, AtomicLong written) {
        byte[] chunk = new byte[64 * 1024];
        try {
            OutputStream out = client.getOutputStream();
            out.write(hello);
            long sent = 0;
            while (sent < TOTAL) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ((sent + i) % 251);
                }
                out.write(chunk);
                sent += chunk.length;
                written.set(sent);
            }
            client.shutdownOutput();
        } catch (IOException e) {
            // the test fails on the count
        }
    }

    /** Reads to EOF, checking the byte pattern so nothing was lost, duplicated or reordered. */
    private static long readAll(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long got = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) ((got + i) % 251)) {
                    throw new AssertionError("byte " + (got + i) + " is wrong");
                }
            }
            got += n;
        }
        return got;
    }
}
