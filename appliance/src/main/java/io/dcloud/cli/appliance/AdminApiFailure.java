package io.dcloud.cli.appliance;

import java.util.List;

/** Why an admin command stops, as the lines it prints to stderr and its exit code. */
final class AdminApiFailure extends RuntimeException {

    /** Bad input on this side (picocli's usage-error code): nothing was sent. */
    static final int INPUT = 2;
    /** The API could not be reached or refused the request. */
    static final int FAILED = 1;

    final int exitCode;
    final List<String> lines;

    private AdminApiFailure(int exitCode, List<String> lines) {
        super(lines.getFirst());
        this.exitCode = exitCode;
        this.lines = List.copyOf(lines);
    }

    static AdminApiFailure input(String message) {
        return new AdminApiFailure(INPUT, List.of(message));
    }

    static AdminApiFailure failed(List<String> lines) {
        return new AdminApiFailure(FAILED, lines);
    }

    static AdminApiFailure failed(String message) {
        return failed(List.of(message));
    }

    /** The most specific message along the cause chain: the JDK often wraps the useful one, or leaves it null. */
    static String reason(Throwable e) {
        String reason = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        return reason;
    }
}
