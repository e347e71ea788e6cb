package io.dcloud.relay;

/** Why a client connection was refused before it reached a backend; one counter each. */
public enum RejectReason {
    TIMEOUT,
    NO_SNI,
    UNKNOWN_NAME,
    LIMIT,
    MALFORMED
}
