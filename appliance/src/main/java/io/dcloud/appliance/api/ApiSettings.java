package io.dcloud.appliance.api;

import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.api.tls.TlsIdentity;
import io.dcloud.appliance.config.ApplianceConfig;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;

/**
 * Where the management API listens and with which credentials.
 *
 * @param host the bind address
 * @param port the port, 0 for an ephemeral one
 * @param identity the TLS key and certificate the API presents
 * @param tokens the admin bearer tokens
 * @param clientCas when not empty, client certificates issued by these CAs are admitted too
 */
public record ApiSettings(
        String host, int port, TlsIdentity identity, AdminTokens tokens, List<X509Certificate> clientCas) {

    public ApiSettings {
        clientCas = List.copyOf(clientCas);
    }

    /** The same settings presenting {@code next} (a certificate obtained over ACME). */
    public ApiSettings withIdentity(TlsIdentity next) {
        return new ApiSettings(host, port, next, tokens, clientCas);
    }

    /**
     * Reads the configured certificate and key, or loads (first time: makes) the self-signed pair
     * in {@code <state-dir>/api-tls}; opens the admin tokens file.
     */
    public static ApiSettings from(ApplianceConfig config, Clock clock) throws IOException {
        TlsIdentity identity;
        if (config.api().tls().isPresent()) {
            var files = config.api().tls().get();
            identity = new TlsIdentity(
                    PemFiles.readPrivateKey(files.keyFile()), PemFiles.readCertificates(files.certFile()));
            if (!identity.keyMatchesCertificate()) {
                throw new IOException(files.keyFile() + " is not the key of " + files.certFile());
            }
        } else {
            var names = new TreeSet<>(List.of(
                    "localhost",
                    "127.0.0.1",
                    "::1",
                    config.provider().domain(),
                    config.provider().publicAddress()));
            identity = SelfSignedIdentity.loadOrCreate(config.stateDir().resolve("api-tls"), names, clock);
        }
        List<X509Certificate> clientCas = config.admin().clientCaFile().isPresent()
                ? PemFiles.readCertificates(config.admin().clientCaFile().get())
                : List.of();
        return new ApiSettings(
                config.listeners().bindAddress(),
                config.listeners().api(),
                identity,
                AdminTokens.open(config.admin().tokenHashesFile()),
                clientCas);
    }
}
