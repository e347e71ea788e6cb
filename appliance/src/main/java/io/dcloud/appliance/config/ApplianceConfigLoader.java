package io.dcloud.appliance.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads {@link ApplianceConfig} from one YAML file plus {@code DCLOUD_*} environment variables, and
 * validates all of it before the caller touches anything.
 *
 * <p>An environment variable overrides the key it names: strip {@code DCLOUD_CONFIG_}, read
 * {@code _dash_} as {@code -} and {@code _} as {@code .}, lower-case the rest (Helidon's own
 * mapping, minus the prefix). {@code DCLOUD_CONFIG_LISTENERS_API=9443} sets {@code listeners.api};
 * {@code DCLOUD_CONFIG_PORTS_BLOCK_dash_SIZE=20} sets {@code ports.block-size}. The prefix keeps
 * unrelated variables ({@code PATH}, {@code DCLOUD_ROOT}) out, so a misspelt override can be
 * reported as an unknown key instead of being ignored.
 */
public final class ApplianceConfigLoader {

    public static final String ENV_PREFIX = "DCLOUD_CONFIG_";

    private ApplianceConfigLoader() {}

    /**
     * @param file the YAML file; relative paths inside it are resolved against its directory
     * @param env the process environment (a map so tests can pass their own)
     */
    public static ApplianceConfig load(Path file, Map<String, String> env) throws InvalidConfigException {
        var absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            throw new InvalidConfigException(
                    List.of(new ConfigProblem(file.toString(), "config file does not exist or is not readable")));
        }
        Config config;
        try {
            config = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .sources(
                            ConfigSources.create(overrides(env), "environment " + ENV_PREFIX + "*"),
                            ConfigSources.file(absolute))
                    .build();
            config.traverse().count(); // parse now, so a YAML syntax error is reported here
        } catch (ConfigException e) {
            throw new InvalidConfigException(
                    List.of(new ConfigProblem(file.toString(), "cannot be read: " + rootCause(e))));
        }
        var reader = new ConfigReader(config, absolute.getParent());
        var loaded = new ApplianceConfigParser(reader, env).parse();
        reader.reportUnknownKeys();
        if (!reader.problems().isEmpty()) {
            throw new InvalidConfigException(reader.problems());
        }
        return loaded;
    }

    /** The config keys set by {@code DCLOUD_*} variables, see the class comment. */
    static Map<String, String> overrides(Map<String, String> env) {
        var keys = new TreeMap<String, String>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                var key = name.substring(ENV_PREFIX.length())
                        .replace("_dash_", "-")
                        .replace("_DASH_", "-")
                        .replace('_', '.')
                        .toLowerCase(Locale.ROOT);
                keys.put(key, value);
            }
        });
        return keys;
    }

    private static String rootCause(Throwable e) {
        var cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
