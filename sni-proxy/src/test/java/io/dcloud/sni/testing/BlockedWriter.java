package io.dcloud.sni.testing;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a number of bytes to a socket, then half-closes it, on a virtual thread, so that a test can wait until the
 * writer is held back: a virtual thread whose socket write cannot proceed parks (state WAITING), and it stays parked
 * only while the reader at the far end takes nothing and every buffer in between is full.
 */
public final class BlockedWriter {
    private final Thread thread;
    private final AtomicReference<IOException> failure = new AtomicReference<>();

    private BlockedWriter(Socket socket, long bytes) {
        thread = Thread.ofVirtual().start(() -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    socket.getOutputStream().write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                failure.set(e);
            }
        });
    }

    public static BlockedWriter start(Socket socket, long bytes) {
        return new BlockedWriter(socket, bytes);
    }

    /** Returns once the writer is parked in a write; fails if it finished or failed first, or after 30 s. */
    public void awaitBlocked() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING) {
            if (!thread.isAlive()) {
                throw new AssertionError("the writer was never held back (failure: " + failure.get() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writer was not held back within 30 s");
            }
            Thread.onSpinWait();
        }
    }

    /** Waits for the writer's writes to fail, as they do once the far end is gone (at most 30 s), and returns why. */
    public IOException awaitFailed() throws InterruptedException {
        if (!thread.join(Duration.ofSeconds(30))) {
            throw new AssertionError("the writer was still writing after 30 s");
        }
        if (failure.get() == null) {
            throw new AssertionError("the writer wrote everything: its connection was never cut");
        }
        return failure.get();
    }

    /** Waits for the writer to finish (at most 30 s) and fails if its writes did. */
    public void awaitDone() throws InterruptedException {
        if (!thread.join(Duration.ofSeconds(30))) {
            throw new AssertionError("the writer did not finish within 30 s");
        }
        if (failure.get() != null) {
            throw new AssertionError("the writer failed", failure.get());
        }
    }
}
