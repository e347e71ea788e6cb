package io.dcloud.sni.route;

import java.util.Locale;

/**
 * Canonical form of DNS names used as route keys: lower case, no trailing dot, ASCII (A-label) only.
 * Wildcards are a leading {@code *.} standing for exactly one label.
 */
public final class RouteName {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private RouteName() {}

    /** Canonical route name or wildcard; the exception message says what is wrong. */
    public static String canonical(String name) {
        if (name == null) {
            throw new IllegalArgumentException("route name is missing");
        }
        String n = lookupKey(name.startsWith("*.") ? name.substring(2) : name);
        if (n == null) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name in A-label form"
                    + " (letters, digits, hyphens; labels of 1-63 characters; IDNs as xn--...)");
        }
        return name.startsWith("*.") ? "*." + n : n;
    }

    /** Canonical form of a host name seen on the wire, or null when it cannot be a route name. */
    public static String lookupKey(String host) {
        if (host == null) {
            return null;
        }
        String n = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (n.isEmpty() || n.length() > MAX_NAME) {
            return null;
        }
        int labelLength = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '.') {
                if (labelLength == 0 || n.charAt(i - 1) == '-') {
                    return null;
                }
                labelLength = 0;
            } else if (isLdh(c) && (c != '-' || labelLength > 0) && ++labelLength <= MAX_LABEL) {
                continue;
            } else {
                return null;
            }
        }
        return n.charAt(n.length() - 1) == '-' ? null : n.toLowerCase(Locale.ROOT);
    }

    private static boolean isLdh(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
