package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A backend that sends far more than a client reads: the relay must stop reading from the backend once the
 * client's side backs up (writability), not buffer the difference. What the backend manages to write while the
 * client reads nothing is bounded by socket buffers and the relay's write high-water mark; without backpressure
 * it would be everything. Then the client reads and every byte arrives, in order.
 */
class BackpressureIT {
    private static final long TOTAL = 256L << 20;
    /** Loopback socket buffers (autotuned, a few MiB each way) plus the relay's 64 KiB high-water mark. */
    private static final long BOUND = 48L << 20;

    @Test
    void aClientThatDoesNotReadHoldsTheBackendBack() throws Exception {
        var loopback = InetAddress.getLoopbackAddress();
        var written = new AtomicLong();
        try (ServerSocket backend = new ServerSocket(0, 1, loopback);
                PortForwarder forwarder = PortForwarder.start(ForwarderConfig.defaults())) {
            Thread writer = Thread.ofPlatform().daemon().start(() -> writeCounting(backend, written));
            Mapping m = Mapping.tcp("127.0.0.1:0", "127.0.0.1:" + backend.getLocalPort());
            forwarder.add(m);
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024);
                client.connect(
                        new InetSocketAddress(
                                loopback, forwarder.boundAddress(m).getPort()),
                        5000);

                long stalledAt = awaitStall(written);
                assertTrue(
                        stalledAt < BOUND,
                        "the backend wrote " + (stalledAt >> 20) + " MiB to a client that read nothing: the relay"
                                + " buffered it instead of pushing back");

                client.setSoTimeout(30_000);
                assertEquals(TOTAL, readAll(client.getInputStream()), "every byte arrives once the client reads");
            }
            writer.join(30_000);
            assertEquals(TOTAL, written.get());
        }
    }

    /** Waits until the backend's progress stops: a relay without backpressure would run to TOTAL instead. */
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
        throw new AssertionError("the backend neither stalled nor finished within a minute: " + written.get());
    }

    private static void writeCounting(ServerSocket backend, AtomicLong written) {
        byte[] chunk = new byte[64 * 1024];
        try (Socket s = backend.accept();
                OutputStream out = s.getOutputStream()) {
            long sent = 0;
            while (sent < TOTAL) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) ((sent + i) % 251);
                }
                out.write(chunk);
                sent += chunk.length;
                written.set(sent);
            }
        } catch (IOException e) {
            // the test fails on the count
        }
    }

    /** Reads to EOF, checking the byte pattern so nothing was lost, duplicated or reordered. */
    private static long readAll(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long got = 0;
        while (got < TOTAL) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
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
