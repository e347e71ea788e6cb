package io.dcloud.sni.testing;

import java.util.function.BooleanSupplier;

/** Waits for a condition that something else makes true (a timer, a peer's close), polling it; fails after 10 s. */
public final class Await {
    private Await() {}

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
