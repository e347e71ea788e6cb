package io.dcloud.sni.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A YAML node that knows where it is, so every error says e.g. {@code routes[2].backend: ...}. */
public record ConfigNode(JsonNode node, String path) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public static ConfigNode read(Path file) throws ConfigException {
        try {
            JsonNode root = YAML.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new ConfigException(file + ": expected a YAML mapping at the top");
            }
            return new ConfigNode(root, file.toString() + ":");
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public ConfigException error(String key, String problem) {
        return new ConfigException(path + " " + key + ": " + problem);
    }

    /** Refuses keys this node does not know: a typo must not silently do nothing. */
    public ConfigNode onlyKeys(String... allowed) throws ConfigException {
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(
                        path + " unknown key '" + key + "' (known: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    public ConfigNode child(String key) throws ConfigException {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            return null;
        }
        if (!child.isObject()) {
            throw error(key, "expected a mapping");
        }
        return new ConfigNode(child, path + " " + key + ".");
    }

    public List<ConfigNode> list(String key) throws ConfigException {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            return List.of();
        }
        if (!child.isArray()) {
            throw error(key, "expected a list");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            if (!child.get(i).isObject()) {
                throw error(key + "[" + i + "]", "expected a mapping");
            }
            items.add(new ConfigNode(child.get(i), path + " " + key + "[" + i + "]"));
        }
        return items;
    }

    public String text(String key, String fallback) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isValueNode()) {
            throw error(key, "expected a string");
        }
        return v.asText();
    }

    public String requiredText(String key) throws ConfigException {
        String v = text(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    public boolean bool(String key, boolean fallback) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(key, "expected true or false, got '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    public int integer(String key, int fallback) throws ConfigException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw error(key, "expected a whole number, got '" + v.asText() + "'");
        }
        return v.asInt();
    }

    /** Durations are written {@code 500ms}, {@code 10s}, {@code 5m} or {@code 1h}. */
    public Duration duration(String key, Duration fallback) throws ConfigException {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw error(key, "expected a positive duration like 500ms, 10s, 5m or 1h, got '" + v + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
