package io.dcloud.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running {@code dcloud} command (e.g. {@code proxy run}) executed in-process on its own thread, its standard
 * output captured so a test can read what it printed; {@link #close()} interrupts it, which stops it like a kill.
 */
public final class RunningCommand implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream previousOut = System.out;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread thread;

    private RunningCommand(String... args) {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        thread = Thread.ofPlatform().name("dcloud " + String.join(" ", args)).start(() -> {
            try {
                exit.complete(Dcloud.commandLine().execute(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    public static RunningCommand start(String... args) {
        return new RunningCommand(args);
    }

    /** Waits (at most 20 s) until the output matches, and returns the match. */
    public Matcher awaitOutput(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return m;
            }
            if (exit.isDone()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no output matching " + pattern + " within 20 s; got: " + out);
    }

    /** Interrupts the command and returns its exit code. */
    public int stop() throws Exception {
        thread.interrupt();
        try {
            return exit.get(20, TimeUnit.SECONDS);
        } finally {
            System.setOut(previousOut);
        }
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            stop();
        }
        System.setOut(previousOut);
    }
}
