package io.dcloud.vm.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads a {@link VmSpec} from the YAML spec file admins write (keys in the module README). */
public final class VmSpecFile {
    private static final Set<String> KEYS = Set.of(
            "name",
            "kind",
            "vcpus",
            "memoryMiB",
            "diskGiB",
            "image",
            "hostname",
            "users",
            "sshKeys",
            "userData",
            "network",
            "mac",
            "ip",
            "gpus",
            "rentalId",
            "tenant",
            "portBlock",
            "routes",
            "hugepages",
            "cpuPins",
            "boot");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private VmSpecFile() {}

    public static VmSpec read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static VmSpec parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSpecException("spec is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSpecException("spec must be a YAML mapping of keys to values");
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new InvalidSpecException("unknown key '" + key + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        });
        String name = text(root, "name", null);
        var cloudInit = new CloudInit(
                text(root, "hostname", name),
                strings(root, "users"),
                strings(root, "sshKeys"),
                text(root, "userData", ""));
        // Render-time defaults; the appliance always passes the MAC and IP it allocated.
        String network = text(root, "network", "dcloud");
        var nic =
                new NetworkAttachment(network, text(root, "mac", derivedMac(name)), text(root, "ip", derivedIp(name)));
        var metadata = new DcloudMetadata(
                text(root, "rentalId", "admin-" + name),
                text(root, "tenant", ""),
                portBlock(root.get("portBlock")),
                strings(root, "routes"));
        return new VmSpec(
                name,
                VmKind.parse(text(root, "kind", "standard")),
                integer(root, "vcpus"),
                integer(root, "memoryMiB"),
                integer(root, "diskGiB"),
                path(text(root, "image", null), "image"),
                cloudInit,
                nic,
                strings(root, "gpus").stream().map(PciAddress::parse).toList(),
                metadata,
                root.path("hugepages").asBoolean(false),
                list(root, "cpuPins", n -> {
                    if (!n.canConvertToInt()) {
                        throw new InvalidSpecException("cpuPins: '" + n.asText() + "' is not a CPU number");
                    }
                    return n.asInt();
                }),
                boot(root.get("boot")));
    }

    /** A stable MAC in QEMU's local prefix derived from the VM name. */
    static String derivedMac(String name) {
        byte[] h = sha256(name == null ? "" : name);
        return String.format("52:54:00:%02x:%02x:%02x", h[0] & 0xff, h[1] & 0xff, h[2] & 0xff);
    }

    /** A stable address in the default dcloud network (10.77.0.0/24, hosts .2 to .254) derived from the VM name. */
    static String derivedIp(String name) {
        byte[] h = sha256(name == null ? "" : name);
        return "10.77.0." + (2 + Math.floorMod(h[3], 253));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Optional<PortBlock> portBlock(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.path("first").canConvertToInt() || !node.path("count").canConvertToInt()) {
            throw new InvalidSpecException("portBlock: needs integer 'first' and 'count'");
        }
        return Optional.of(
                new PortBlock(node.get("first").asInt(), node.get("count").asInt()));
    }

    private static Optional<DirectBoot> boot(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new DirectBoot(
                path(text(node, "kernel", null), "boot.kernel"),
                path(text(node, "initrd", null), "boot.initrd"),
                text(node, "cmdline", "")));
    }

    private static Path path(String text, String key) {
        if (text == null) {
            throw new InvalidSpecException(key + ": missing");
        }
        return Path.of(text);
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new InvalidSpecException(key + ": missing");
            }
            return fallback;
        }
        if (!value.isValueNode()) {
            throw new InvalidSpecException(key + ": must be a single value");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new InvalidSpecException(key + ": missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidSpecException(key + ": '" + value.asText() + "' is not a whole number");
        }
        return value.asInt();
    }

    private static List<String> strings(JsonNode node, String key) {
        return list(node, key, n -> {
            if (!n.isValueNode()) {
                throw new InvalidSpecException(key + ": entries must be single values");
            }
            return n.asText();
        });
    }

    private static <T> List<T> list(JsonNode node, String key, Function<JsonNode, T> item) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidSpecException(key + ": must be a list");
        }
        var out = new ArrayList<T>();
        value.forEach(n -> out.add(item.apply(n)));
        return out;
    }
}
