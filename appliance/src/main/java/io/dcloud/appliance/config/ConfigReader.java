package io.dcloud.appliance.config;

import io.helidon.config.Config;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values from the config tree and, instead of stopping at the first bad one, records a
 * problem per bad key and carries on, so the operator sees every mistake in one run.
 */
final class ConfigReader {

    private final Config root;
    private final Path baseDir;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> known = new HashSet<>();
    private final Set<String> knownSections = new HashSet<>();

    ConfigReader(Config root, Path baseDir) {
        this.root = root;
        this.baseDir = baseDir;
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    Optional<String> optional(String key) {
        known.add(key);
        var node = root.get(key);
        if (node.exists() && !node.isLeaf()) {
            problem(key, "must be a single value, not a section or list");
            return Optional.empty();
        }
        return node.asString().asOptional().map(String::strip).filter(s -> !s.isEmpty());
    }

    Optional<String> required(String key) {
        var value = optional(key);
        if (value.isEmpty()) {
            problem(key, "is required");
        }
        return value;
    }

    /** Keys of the section's children, for sections whose keys are data (such as prices per kind). */
    List<String> childKeys(String section) {
        knownSections.add(section);
        var node = root.get(section);
        if (!node.exists()) {
            return List.of();
        }
        if (node.type() != Config.Type.OBJECT) {
            problem(section, "must be a section of key: value pairs");
            return List.of();
        }
        return node.asNodeList().get().stream().map(c -> c.name()).toList();
    }

    int integer(String key, int defaultValue, int min, int max) {
        var text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, got '" + text.get() + "'");
            return defaultValue;
        }
    }

    int port(String key, int defaultValue) {
        return integer(key, defaultValue, 1, 65535);
    }

    boolean bool(String key, boolean defaultValue) {
        var text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, "must be true or false, got '" + text.get() + "'");
                yield defaultValue;
            }
        };
    }

    Optional<BigDecimal> positiveDecimal(String key) {
        var text = optional(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            var value = new BigDecimal(text.get());
            if (value.signum() <= 0) {
                problem(key, "must be greater than zero, got " + text.get());
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            problem(key, "must be a decimal number, got '" + text.get() + "'");
            return Optional.empty();
        }
    }

    Optional<URI> uri(String key, Set<String> schemes) {
        return optional(key).flatMap(text -> {
            try {
                var uri = new URI(text);
                if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                    problem(
                            key,
                            "must be a URL with scheme "
                                    + String.join(
                                            " or ", schemes.stream().sorted().toList()) + ", got '" + text + "'");
                    return Optional.empty();
                }
                return Optional.of(uri);
            } catch (URISyntaxException e) {
                problem(key, "is not a valid URL: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A path; relative ones are taken relative to the config file's directory. */
    Optional<Path> path(String key) {
        return optional(key).flatMap(text -> {
            try {
                return Optional.of(baseDir.resolve(text).normalize());
            } catch (InvalidPathException e) {
                problem(key, "is not a valid path: " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A path that must name a readable regular file now. */
    Optional<Path> existingFile(String key) {
        var path = path(key);
        path.filter(p -> !Files.isRegularFile(p) || !Files.isReadable(p))
                .ifPresent(p -> problem(key, "file " + p + " does not exist or is not readable"));
        return path;
    }

    /** Known sections, also when YAML gives an empty one ({@code tls:} with nothing under it) as a leaf. */
    private boolean isSection(String key) {
        return knownSections.stream().anyMatch(s -> key.equals(s) || key.startsWith(s + "."))
                || known.stream().anyMatch(k -> k.startsWith(key + "."));
    }

    /** Every leaf the file or the environment set that no reader asked for: almost always a typo. */
    void reportUnknownKeys() {
        root.traverse()
                .filter(Config::isLeaf)
                .map(node -> node.key().toString())
                .filter(key -> !known.contains(key) && !isSection(key))
                .sorted()
                .forEach(key -> problem(key, "unknown key (misspelt?)"));
    }
}
