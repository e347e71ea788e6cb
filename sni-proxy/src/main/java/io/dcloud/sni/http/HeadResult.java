package io.dcloud.sni.http;

/** What the HTTP router learned from the first bytes of a connection. */
public sealed interface HeadResult {

    /** The head has not ended yet and is still under the size limit. */
    record Incomplete() implements HeadResult {}

    /** The head did not end within the size limit. */
    record TooLarge(int limit) implements HeadResult {}

    record Malformed(String reason) implements HeadResult {}

    /** @param host the Host header without port or IPv6 brackets */
    record Head(String method, String target, String host) implements HeadResult {}
}
