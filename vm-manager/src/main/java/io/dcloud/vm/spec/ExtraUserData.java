package io.dcloud.vm.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the extra cloud-config a spec adds to the keys dcloud writes. The seed appends it verbatim to dcloud's own
 * keys in one {@code #cloud-config} document, so it must be a YAML mapping in block style that reads as more keys of
 * that document, and it must not set dcloud's keys again: cloud-init's YAML loader keeps the last of two equal keys,
 * so a second {@code users} would silently drop the SSH keys dcloud injects.
 */
final class ExtraUserData {
    /**
     * Keys dcloud sets from the spec (hostname, users and their keys), and the ones that would override them:
     * {@code fqdn} wins over {@code hostname}, {@code ssh_authorized_keys} adds keys dcloud does not know of.
     */
    static final Set<String> RESERVED = Set.of("hostname", "fqdn", "users", "ssh_authorized_keys");

    private static final String PROBE = "dcloud-probe";
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ExtraUserData() {}

    /** Throws {@link InvalidSpecException} naming what is wrong; blank text or comments only are fine. */
    static void check(String text) {
        if (text.strip().startsWith("#cloud-config")) {
            throw new InvalidSpecException(
                    "userData: give only the extra keys; dcloud writes the #cloud-config header");
        }
        JsonNode root = read(text);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new InvalidSpecException("userData: must be a YAML mapping of cloud-config keys (e.g. "
                    + "'packages: [nginx]'), not " + (root.isArray() ? "a list" : "a single value"));
        }
        var keys = new ArrayList<String>();
        root.fieldNames().forEachRemaining(keys::add);
        var taken = new TreeSet<>(keys);
        taken.retainAll(RESERVED);
        if (!taken.isEmpty()) {
            throw new InvalidSpecException("userData: " + taken + " set by dcloud from the spec's hostname, users"
                    + " and sshKeys; remove them from userData");
        }
        requireAppendable(text, keys);
    }

    /** What the seed does: the text after a key of dcloud's must read as more keys of the same mapping. */
    private static void requireAppendable(String text, List<String> keys) {
        var expected = new ArrayList<String>();
        expected.add(PROBE);
        expected.addAll(keys);
        var actual = new ArrayList<String>();
        try {
            JsonNode joined = YAML.readTree(PROBE + ": 0\n" + text.strip() + "\n");
            if (joined != null && joined.isObject()) {
                joined.fieldNames().forEachRemaining(actual::add);
            }
        } catch (JsonProcessingException e) {
            // Valid on its own (checked before), broken once appended: the layout is the problem.
        }
        if (!actual.equals(expected)) {
            throw new InvalidSpecException("userData: write the keys in block style at the start of a line"
                    + " ('key: value' lines; no '---', no '{...}' around them)");
        }
    }

    private static JsonNode read(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException("userData: not valid YAML: " + e.getOriginalMessage());
        }
    }
}
