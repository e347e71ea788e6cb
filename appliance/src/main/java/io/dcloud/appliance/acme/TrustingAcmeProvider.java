package io.dcloud.appliance.acme;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * A generic ACME provider whose HTTP client trusts what one {@link SSLContext} trusts, so a test or
 * private CA is trusted by this session only and never by the whole JVM.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {
    private final SSLContext trust;

    TrustingAcmeProvider(SSLContext trust) {
        this.trust = trust;
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        var builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout())
                .proxy(settings.getProxySelector())
                .sslContext(trust);
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        return builder.build();
    }
}
