package io.dcloud.sni.http;

import java.util.Optional;

/**
 * The appliance's HTTP-01 responder for its own names. The HTTP router asks it first for any
 * {@code /.well-known/acme-challenge/TOKEN} request; an empty answer routes the request as usual,
 * so tenants can still validate their own names inside their VMs.
 */
@FunctionalInterface
public interface AcmeChallenges {
    String PATH_PREFIX = "/.well-known/acme-challenge/";

    /** The key authorization to serve for this host and token, if the appliance owns it. */
    Optional<String> answer(String host, String token);
}
