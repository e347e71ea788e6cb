package io.dcloud.appliance.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Certificates for the appliance's own management name over ACME HTTP-01.
 *
 * @param enabled whether the appliance orders certificates at all
 * @param directoryUrl the ACME server's directory
 * @param email contact address registered with the ACME account
 * @param domain the management name the certificate is for (default: the provider domain)
 * @param trustFile CA certificates (PEM) of a private or test ACME server; empty: the JVM's trust store
 */
public record AcmeConfig(
        boolean enabled, URI directoryUrl, Optional<String> email, String domain, Optional<Path> trustFile) {}
