package io.dcloud.sni.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood of {@link #SIZE} pattern bytes for backpressure tests: one side writes it, counting what got out,
 * while the other reads nothing; the test waits for the count to stall (a relay without backpressure would let
 * it run to the end), then reads the flood back and checks that every byte arrived once and in order.
 */
public final class PatternFlood {
    /** Far more than any buffer on the way, so a relay without backpressure shows by running to the end. */
    public static final long SIZE = 256L << 20;
    /**
     * What a writer may get out while its reader reads nothing, through a relay that pushes back: loopback socket
     * buffers (send up to 4 MiB, receive autotuned up to 32 MiB) plus the relay's 64 KiB write high-water mark.
     */
    private static final long BOUND = 48L << 20;

    private final AtomicLong written = new AtomicLong();

    /** The pattern bytes that got out so far. */
    public long written() {
        return written.get();
    }

    /** Writes the whole flood, counting as it goes; a failed write ends it, and the test fails on the count. */
    public void write(OutputStream out) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long sent = 0;
        while (sent < SIZE) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = at(sent + i);
            }
            out.write(chunk);
            sent += chunk.length;
            written.set(sent);
        }
    }

    /**
     * Waits until the writer's progress stops for a second, and fails unless it stopped below {@link #BOUND}:
     * {@code writer} and {@code relay} name the two for the message.
     */
    public void assertHeldBack(String writer, String relay) throws InterruptedException {
        long stalledAt = awaitStall();
        if (stalledAt >= BOUND) {
            throw new AssertionError(writer + " wrote " + (stalledAt >> 20) + " MiB to a reader that read nothing: "
                    + relay + " buffered it instead of pushing back");
        }
    }

    /** Waits until the writer's progress stops for a second (or it finished), and returns how far it got. */
    private long awaitStall() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long last = -1;
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            long now = written.get();
            unchanged = now == last && now > 0 ? unchanged + 1 : 0;
            if (unchanged >= 10 || now == SIZE) {
                return now;
            }
            last = now;
            Thread.sleep(100);
        }
        throw new AssertionError("the writer neither stalled nor finished within a minute: " + written.get());
    }

    /** Reads to EOF, checking the pattern so nothing was lost, duplicated or reordered; returns the count. */
    public static long readAll(InputStream in) throws IOException {
        byte[] buf = new byte[256 * 1024];
        long got = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != at(got + i)) {
                    throw new AssertionError("byte " + (got + i) + " is wrong");
                }
            }
            got += n;
        }
        return got;
    }

    /** A prime period, so a chunk shifted by any power-of-two offset does not look right. */
    private static byte at(long offset) {
        return (byte) (offset % 251);
    }
}
