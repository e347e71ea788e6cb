package io.dcloud.appliance.acme;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything {@link AcmeCertificates} needs to know about the ACME server and the name it certifies.
 *
 * @param directory the ACME server's directory URL
 * @param email the contact registered with the account
 * @param domain the appliance's management name, the certificate's only name
 * @param stateDir where the account key, the domain key and the certificate chain live
 * @param serverTrust the TLS trust for talking to the ACME server; empty: the JVM's default trust
 * @param timeout the bound of every wait: for a challenge to be validated, an order to be ready or issued
 * @param renewBefore a stored certificate expiring sooner than this is replaced
 */
public record AcmeSettings(
        URI directory,
        String email,
        String domain,
        Path stateDir,
        Optional<SSLContext> serverTrust,
        Duration timeout,
        Duration renewBefore) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);

    public AcmeSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(serverTrust, "serverTrust");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the ACME timeout must be positive");
        }
        if (renewBefore.isNegative()) {
            throw new IllegalArgumentException("renew-before must not be negative");
        }
    }

    /** A public ACME server (trusted by the JVM), 2-minute waits, renewal 30 days before expiry. */
    public static AcmeSettings of(URI directory, String email, String domain, Path stateDir) {
        return new AcmeSettings(
                directory, email, domain, stateDir, Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_RENEW_BEFORE);
    }

    public AcmeSettings withServerTrust(SSLContext trust) {
        return new AcmeSettings(directory, email, domain, stateDir, Optional.of(trust), timeout, renewBefore);
    }

    public AcmeSettings withTimeout(Duration next) {
        return new AcmeSettings(directory, email, domain, stateDir, serverTrust, next, renewBefore);
    }
}
