package io.dcloud.cli.ledger;

import io.dcloud.appliance.api.tenant.TenantRequests;
import io.dcloud.appliance.api.tls.TrustedCas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `dcloud tenant access|reboot RENTAL --api URL` (and `domain`, {@link TenantDomainCommand}): a tenant asks the provider's appliance about its own rental,
 * signing each request with its ledger key (no admin token; see appliance/README.md, "Tenant requests").
 */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Ask the provider's appliance about your rental, signed with your ledger key.",
        subcommands = {TenantCommand.Access.class, TenantCommand.Reboot.class, TenantDomainCommand.class})
public final class TenantCommand {

    abstract static class SignedRequest extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Parameters(index = "0", paramLabel = "RENTAL", description = "The rental's id on the ledger.")
        BigInteger rental;

        @Option(
                names = "--api",
                required = true,
                paramLabel = "URL",
                description = "The provider's management API, e.g. https://provider.example:9443")
        URI api;

        @Option(
                names = "--cacert",
                paramLabel = "FILE",
                description = "Trust only this CA (PEM) for the API, e.g. the appliance's self-signed certificate.")
        Path cacert;

        abstract String method();

        abstract String path();

        @Override
        void execute() {
            out().println(body(send(method(), path())));
        }

        /** The body of a 2xx answer; any other answer is an error naming the status and the appliance's problem. */
        String body(HttpResponse<String> response) {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "the appliance answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }

        /** Sends {@code method} on {@code path}, signed with the tenant's key, valid for a minute. */
        HttpResponse<String> send(String method, String path) {
            try {
                var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
                if (cacert != null) {
                    client.sslContext(TrustedCas.fromPem(cacert));
                }
                var request = HttpRequest.newBuilder(api.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .method(method, HttpRequest.BodyPublishers.noBody());
                TenantRequests.sign(request, method, path, ledger.credentials(), Instant.now(), Duration.ofMinutes(1));
                return client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach " + api + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Command(name = "access", mixinStandardHelpOptions = true, description = "Print your rental's access details.")
    static final class Access extends SignedRequest {
        @Override
        String method() {
            return "GET";
        }

        @Override
        String path() {
            return "/tenant/rentals/" + rental;
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Reboot your rental's VM.")
    static final class Reboot extends SignedRequest {
        @Override
        String method() {
            return "POST";
        }

        @Override
        String path() {
            return "/tenant/rentals/" + rental + "/reboot";
        }
    }
}
