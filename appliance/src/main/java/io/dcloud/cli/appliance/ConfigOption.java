package io.dcloud.cli.appliance;

import io.dcloud.appliance.config.ApplianceConfig;
import io.dcloud.appliance.config.ApplianceConfigLoader;
import io.dcloud.appliance.config.InvalidConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every appliance command shares, and how a bad config is shown. */
final class ConfigOption {

    /** Exit code of a command refused because of its configuration (picocli's usage-error code). */
    static final int INVALID_CONFIG = 2;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The appliance's YAML config file.")
    Path file;

    /** The validated config, or empty after every problem has been printed to {@code err}. */
    Optional<ApplianceConfig> load(PrintWriter err) {
        try {
            return Optional.of(ApplianceConfigLoader.load(file, System.getenv()));
        } catch (InvalidConfigException e) {
            err.println(file + ": " + e.problems().size() + " problem(s):");
            e.problems().forEach(p -> err.println("  " + p));
            return Optional.empty();
        }
    }
}
