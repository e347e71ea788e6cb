package io.dcloud.cli.appliance;

import io.dcloud.appliance.api.tls.TrustedCas;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where the management API is and how an admin command reaches it: the options every `rental` command shares. */
final class AdminApiOptions {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--api",
            paramLabel = "URL",
            defaultValue = "https://localhost:9443",
            description = "The appliance's management API (default: ${DEFAULT-VALUE}).")
    URI api;

    @Option(
            names = "--token-env",
            paramLabel = "NAME",
            defaultValue = "DCLOUD_ADMIN_TOKEN",
            description = "The environment variable holding the admin token from `dcloud appliance token create`"
                    + " (default: ${DEFAULT-VALUE}). There is no option for the token itself: it would show in"
                    + " shell history and ps.")
    String tokenEnv;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description =
                    "Trust only this CA (PEM) for the API, e.g. the appliance's self-signed"
                            + " /var/lib/dcloud/api-tls/cert.pem (default: the JVM's trust, for a publicly signed certificate).")
    Path cacert;

    /**
     * The admin token from {@link #tokenEnv}, looked up in {@code environment}, once {@link #api} is known to be a
     * place it may be sent to.
     */
    String token(Function<String, String> environment) {
        if (!api.isAbsolute() || !"https".equals(api.getScheme()) || api.getHost() == null) {
            throw AdminApiFailure.input("--api must be an https:// URL with a host, e.g. https://localhost:9443, got '"
                    + api + "' (the token never travels in clear)");
        }
        String token = environment.apply(tokenEnv);
        if (token == null || token.isBlank()) {
            throw AdminApiFailure.input("the environment variable " + tokenEnv
                    + " holding the admin token is not set or empty: export " + tokenEnv
                    + "=<token from `dcloud appliance token create`>, or name another with --token-env");
        }
        // shells keep a trailing newline of `$(cat file)` out, editors of env files not always
        token = token.strip();
        if (token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw AdminApiFailure.input("the environment variable " + tokenEnv
                    + " does not hold a token: it has spaces or characters outside printable ASCII");
        }
        return token;
    }

    HttpClient client() {
        var client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (cacert != null) {
            try {
                client.sslContext(TrustedCas.fromPem(cacert));
            } catch (NoSuchFileException e) {
                throw AdminApiFailure.input("--cacert " + cacert + " does not exist");
            } catch (IOException | RuntimeException e) {
                // PemFiles' own messages name the file and what is wrong with it
                throw AdminApiFailure.input("cannot use --cacert " + cacert + ": " + e.getMessage());
            }
        }
        return client.build();
    }
}
