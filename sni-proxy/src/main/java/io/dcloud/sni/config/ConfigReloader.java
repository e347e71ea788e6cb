package io.dcloud.sni.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Re-reads a config file when it changes (polled once a second: works on every filesystem and with
 * editors that replace the file) or on SIGHUP. A file that does not parse is reported and ignored,
 * so the previous configuration stays in force.
 */
public final class ConfigReloader<T> implements AutoCloseable {

    /** Reads and validates a file. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Path file) throws ConfigException;
    }

    private final Path file;
    private final Parser<T> parser;
    private final Consumer<T> apply;
    private final Consumer<String> report;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });
    private FileTime seen;
    private volatile boolean hangupReloads;

    public ConfigReloader(Path file, Parser<T> parser, Consumer<T> apply, Consumer<String> report) {
        this.file = file;
        this.parser = parser;
        this.apply = apply;
        this.report = report;
        this.seen = modified();
    }

    /** Starts watching: polling for changes, and SIGHUP (reported when this process cannot receive it). */
    public ConfigReloader<T> watch() {
        timer.scheduleWithFixedDelay(this::reloadIfChanged, 1, 1, TimeUnit.SECONDS);
        hangupReloads = Signals.onHangup(() -> timer.execute(this::reload));
        if (!hangupReloads) {
            report.accept(
                    "SIGHUP is ignored by this process (started under nohup?): only changes to " + file + " reload it");
        }
        return this;
    }

    /** What reloads the file once {@link #watch} runs, for a start-up line: "kill -HUP PID" or "a change". */
    public String reloadHint() {
        return hangupReloads
                ? "kill -HUP " + ProcessHandle.current().pid() + " or a change reloads"
                : "a change reloads";
    }

    private void reloadIfChanged() {
        FileTime now = modified();
        if (now != null && !now.equals(seen)) {
            seen = now;
            reload();
        }
    }

    /** Reads the file now; returns whether it was applied. */
    public synchronized boolean reload() {
        try {
            T next = parser.parse(file);
            apply.accept(next);
            report.accept("reloaded " + file);
            return true;
        } catch (ConfigException e) {
            report.accept("rejected " + e.getMessage() + "; the previous configuration stays in force");
            return false;
        } catch (RuntimeException e) {
            // The file parsed, so part of it may be in force (e.g. all but a port that was taken): say so.
            report.accept("could not fully apply " + file + ": " + e.getMessage());
            return false;
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
