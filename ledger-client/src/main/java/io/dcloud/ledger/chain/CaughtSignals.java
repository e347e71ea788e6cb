package io.dcloud.ledger.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which signals a process has a handler for, from the SigCgt mask in Linux's {@code /proc/PID/status}. */
final class CaughtSignals {
    static final int SIGTERM = 15;

    private CaughtSignals() {}

    /** Whether process {@code pid} catches {@code signal}; empty where /proc cannot tell (not Linux, process gone). */
    static Optional<Boolean> catches(long pid, int signal) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigCgt:")) {
                    long mask = Long.parseUnsignedLong(
                            line.substring("SigCgt:".length()).strip(), 16);
                    return Optional.of((mask & (1L << (signal - 1))) != 0);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
