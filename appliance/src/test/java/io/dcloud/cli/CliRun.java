package io.dcloud.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code dcloud} command line in this JVM, with what it printed on each stream. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
