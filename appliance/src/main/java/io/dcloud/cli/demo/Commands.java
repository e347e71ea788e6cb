package io.dcloud.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with a deadline and returns its exit code and merged output. */
final class Commands {
    private Commands() {}

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var output = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output lost: ").append(e.getMessage()).append(')');
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            drain.join();
            return new Result(-1, "timed out after " + timeout + ": " + String.join(" ", command) + "\n" + output);
        }
        drain.join();
        return new Result(process.exitValue(), output.toString());
    }

    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        return run(timeout, List.of(command));
    }

    /** Like {@link #run} but a non-zero exit is an error naming the command. */
    static String require(Duration timeout, String... command) throws IOException, InterruptedException {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exit() + "): "
                    + result.output().strip());
        }
        return result.output();
    }
}
