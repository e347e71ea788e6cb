package io.dcloud.cli.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.cli.CliRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The training run behind the launcher's AOT cache drives real TLS, HTTP, TCP and UDP traffic through the
 * router and forwarder and checks every echo, so it fails (and the launcher runs without a cache) when the
 * data plane is broken.
 */
class AotTrainingCommandIT {

    @Test
    void drivesEveryProtocolThroughTheRouterAndForwarder() {
        CliRun run = CliRun.run("aot-training", "--seconds", "1");
        assertEquals(0, run.exitCode(), run.err());
        Matcher rounds = Pattern.compile("(\\d+) rounds of TLS, HTTP, TCP and UDP echoes")
                .matcher(run.out());
        assertTrue(rounds.find(), run.out());
        assertTrue(Long.parseLong(rounds.group(1)) > 0, run.out());
    }

    @Test
    void refusesANonPositiveDuration() {
        CliRun run = CliRun.run("aot-training", "--seconds", "0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--seconds must be at least 1"), run.err());
    }
}
