package io.dcloud.appliance.domains;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A tenant's own host name, as the router matches it: the ASCII form (IDN A-labels, lower case, no trailing dot).
 * {@link #parse} never throws: hostile input yields an {@link Invalid} naming the rule it breaks.
 *
 * @param ascii e.g. {@code app.example.com} or {@code xn--bcher-kva.example}
 */
public record DomainName(String ascii) implements ParsedDomain {

    /** RFC 1035: 255 octets on the wire, so 253 characters written without the trailing dot. */
    static final int MAX_LENGTH = 253;

    static final int MAX_LABEL = 63;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** The name as people write it (U-labels), e.g. {@code bücher.example}; the ASCII form when it has none. */
    public String unicode() {
        return IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
    }

    /**
     * Checks and normalizes {@code text}: Unicode labels become A-labels (IDNA 2003, {@link IDN}), upper case
     * becomes lower case, one trailing dot (a fully qualified name) is dropped.
     */
    public static ParsedDomain parse(String text) {
        if (text == null || text.isEmpty()) {
            return new ParsedDomain.Invalid("the domain is empty");
        }
        if (text.length() > 4 * MAX_LENGTH) {
            return new ParsedDomain.Invalid("the domain is longer than " + MAX_LENGTH + " characters");
        }
        var name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.contains("*")) {
            return new ParsedDomain.Invalid(
                    "'" + text + "' is a wildcard; attach each name on its own, e.g. app.example.com");
        }
        if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
            return new ParsedDomain.Invalid("'" + text + "' has an empty label (two dots in a row, or a leading dot)");
        }
        String ascii = name.toLowerCase(Locale.ROOT);
        if (!name.chars().allMatch(c -> c < 0x80)) {
            // ASCII names skip IDN so that the label checks below name the exact problem
            try {
                ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return new ParsedDomain.Invalid(
                        "'" + text + "' is not a valid internationalized domain name: " + e.getMessage());
            }
        }
        if (ascii.length() > MAX_LENGTH) {
            return new ParsedDomain.Invalid(
                    "'" + text + "' is " + ascii.length() + " characters in ASCII form; at most " + MAX_LENGTH);
        }
        var labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return new ParsedDomain.Invalid(
                    "'" + text + "' has one label; a domain has at least two, such as example.com");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL) {
                return new ParsedDomain.Invalid(
                        "label '" + label + "' of '" + text + "' must be 1 to " + MAX_LABEL + " characters");
            }
            if (!LABEL.matcher(label).matches()) {
                return new ParsedDomain.Invalid(
                        "label '" + label + "' of '" + text + "' may hold only letters, digits and inner hyphens");
            }
        }
        if (DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return new ParsedDomain.Invalid("'" + text + "' ends in a numeric label: an IP address is not a domain");
        }
        return new DomainName(ascii);
    }

    /** Whether this name is {@code other} or lies under it ({@code a.b.example} is under {@code b.example}). */
    public boolean isAtOrUnder(String other) {
        return ascii.equals(other) || ascii.endsWith("." + other);
    }

    @Override
    public String toString() {
        return ascii;
    }
}
