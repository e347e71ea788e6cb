package io.dcloud.attest.parse;

import java.util.Locale;

/**
 * Evidence bytes that cannot be read, with a named reason. Parsers throw only this (checked), never an
 * unchecked exception, whatever the input.
 */
public final class ParseException extends Exception {

    /** Why the bytes could not be read. */
    public enum Reason {
        TRUNCATED,
        UNSUPPORTED_VERSION,
        BAD_FIELD,
        UNKNOWN_FORMAT,
        BAD_ENCODING,
        BAD_CERTIFICATE
    }

    private final Reason reason;

    public ParseException(Reason reason, String message) {
        super(reason.name().toLowerCase(Locale.ROOT) + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
