package io.dcloud.cli.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.attest.platform.PlatformFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud attest platform`: SEV-SNP and TDX facts of this host, or why they are not available. */
@Command(
        name = "platform",
        header = "Show this host's SEV-SNP and TDX facts, or why they are not available.",
        description = "Show this host's SEV-SNP firmware/TCB and TDX module facts.")
public final class PlatformCommand extends AttestSubcommand {

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, PlatformFacts.Tee> facts = PlatformFacts.detect();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            facts.forEach(
                    (k, t) -> out.put(k, Map.of("available", t.available(), "reason", t.reason(), "facts", t.facts())));
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            for (PlatformFacts.Tee t : facts.values()) {
                out().println(t.name() + ": " + (t.available() ? "available (" + t.reason() + ")" : t.reason()));
                t.facts().forEach((k, v) -> out().println("  " + k + ": " + v));
            }
        }
        return 0;
    }
}
