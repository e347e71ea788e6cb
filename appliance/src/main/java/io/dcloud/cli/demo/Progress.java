package io.dcloud.cli.demo;

import java.io.PrintStream;

/** Timestamped progress lines, so a person watching the demo sees what it is waiting for. */
final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void step(String what) {
        out.printf("[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, what);
        out.flush();
    }

    void detail(String what) {
        out.printf("          %s%n", what);
        out.flush();
    }
}
