package io.dcloud.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command (router, forwarder, evidence agent) up until SIGTERM or Ctrl-C, or until its
 * thread is interrupted when it runs in-process (tests, an embedding program), then runs its stop action once.
 * On a signal the action runs inside the shutdown hook itself, because the JVM halts as soon as its hooks return.
 */
public final class UntilStopped {
    private UntilStopped() {}

    /** Blocks until stopped; {@code stop} has run when this returns. */
    public static void await(String name, Runnable stop) {
        var stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.run();
                    stopped.countDown();
                },
                name);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return; // a signal came first: its hook is running the action
            }
            hook.run();
        }
    }
}
