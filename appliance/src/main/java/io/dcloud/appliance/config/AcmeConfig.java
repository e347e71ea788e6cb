package io.dcloud.appliance.config;

import java.net.URI;
import java.util.Optional;

/**
 * Certificates for the appliance's own management name over ACME HTTP-01.
 *
 * @param enabled whether the appliance orders certificates at all
 * @param directoryUrl the ACME server's directory
 * @param email contact address registered with the ACME account
 */
public record AcmeConfig(boolean enabled, URI directoryUrl, Optional<String> email) {}
