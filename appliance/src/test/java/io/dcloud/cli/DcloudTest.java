package io.dcloud.cli;

import static io.dcloud.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DcloudTest {

    @Test
    void helpListsEverySubcommand() {
        CliRun run = run("--help");
        assertEquals(0, run.exitCode());
        for (String name : Dcloud.commandLine().getSubcommands().keySet()) {
            assertTrue(run.out().contains("  " + name), () -> name + " missing from:\n" + run.out());
        }
        assertTrue(run.out().contains("version"));
        assertTrue(run.out().contains("demo"));
    }

    /** picocli only warns on stderr about a description it cannot format (a bare '%'), then prints it raw. */
    @Test
    void everyCommandsHelpFormatsCleanly() {
        var captured = new ByteArrayOutputStream();
        var realErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            usageOfAll(Dcloud.commandLine());
        } finally {
            System.setErr(realErr);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertTrue(warnings.isEmpty(), () -> "help text picocli could not format:\n" + warnings);
    }

    private static void usageOfAll(CommandLine command) {
        command.getUsageMessage();
        command.getSubcommands().values().forEach(DcloudTest::usageOfAll);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CliRun run = run("no-such-command");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no-such-command"), run.err());
    }

    @Test
    void versionLineNamesVersionAndCommit() {
        String line = new BuildInfo().line();
        assertTrue(line.matches("dcloud \\S+ \\(commit \\S+?(, modified)?\\)"), line);
    }
}
