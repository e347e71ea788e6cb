package io.dcloud.appliance.api.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context trusting only the given CAs: for servers whose certificate no public CA signed (a private
 * ACME server, an appliance's self-signed management API). Public servers need none: the JVM's trust applies.
 */
public final class TrustedCas {
    private TrustedCas() {}

    public static SSLContext fromPem(Path file) throws IOException {
        return of(PemFiles.readCertificates(file));
    }

    public static SSLContext of(List<X509Certificate> cas) throws IOException {
        try {
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            var context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a trust store from these CA certificates", e);
        }
    }
}
