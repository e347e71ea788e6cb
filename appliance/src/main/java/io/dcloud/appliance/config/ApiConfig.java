package io.dcloud.appliance.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The management API's own TLS identity: the configured certificate and key, or (when absent) a
 * self-signed pair the appliance keeps in its state directory.
 */
public record ApiConfig(Optional<TlsFiles> tls) {

    /** PEM files: the certificate chain (leaf first) and its private key. */
    public record TlsFiles(Path certFile, Path keyFile) {}
}
