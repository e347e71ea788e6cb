package io.dcloud.cli.ledger;

import io.dcloud.appliance.api.tenant.TenantRequests;
import io.dcloud.appliance.api.tls.TrustedCas;
import io.dcloud.attest.policy.NonceBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `dcloud tenant access|reboot|evidence RENTAL --api URL` (and `domain`, {@link TenantDomainCommand}): a tenant asks the provider's appliance about its own rental,
 * signing each request with its ledger key (no admin token; see appliance/README.md, "Tenant requests").
 */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Ask the provider's appliance about your rental, signed with your ledger key.",
        subcommands = {
            TenantCommand.Access.class,
            TenantCommand.Reboot.class,
            TenantCommand.Evidence.class,
            TenantDomainCommand.class
        })
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
            return send(method, path, "");
        }

        /**
         * As {@link #send(String, String)}, with a query that is sent but not signed: only parameters whose
         * tampering can do no harm belong there.
         */
        HttpResponse<String> send(String method, String path, String query) {
            try {
                var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
                if (cacert != null) {
                    client.sslContext(TrustedCas.fromPem(cacert));
                }
                var request = HttpRequest.newBuilder(api.resolve(path + query))
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

    @Command(
            name = "evidence",
            mixinStandardHelpOptions = true,
            description = {
                "Ask your confidential VM for attestation evidence bound to a fresh nonce (relayed by the",
                "appliance from the agent in the guest, `dcloud attest serve`) and save it. Verify it with",
                "`dcloud attest verify` before you deploy secrets: the provider can withhold evidence, not forge it."
            })
    static final class Evidence extends SignedRequest {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Option(
                names = "--nonce",
                paramLabel = "HEX",
                description = "Your nonce (default: 32 fresh random bytes, printed).")
        String nonce;

        @Option(
                names = "--nonce-binding",
                paramLabel = "MODE",
                description = "sha512 (default): the guest binds SHA-512(nonce); raw: the nonce itself.")
        NonceBinding binding = NonceBinding.SHA512;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to save the evidence.")
        Path out;

        private String nonce() {
            if (nonce == null) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                nonce = HexFormat.of().formatHex(fresh);
            }
            return nonce;
        }

        @Override
        String method() {
            return "GET";
        }

        @Override
        String path() {
            return "/tenant/rentals/" + rental + "/evidence/" + nonce();
        }

        @Override
        void execute() {
            save(body(send(method(), path(), "?binding=" + binding.name().toLowerCase(Locale.ROOT))));
        }

        private void save(String body) {
            Path target = out.toAbsolutePath();
            try {
                // beside the target and moved into place: a failure leaves no half-written evidence
                Path tmp = Files.createTempFile(target.getParent(), ".evidence", ".tmp");
                Files.writeString(tmp, body);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            out().println("saved the evidence of rental " + rental + " to " + out + " (nonce " + nonce() + ")");
            out().println("verify it before you trust the VM:");
            out().println("  dcloud attest verify --evidence " + out + " --nonce " + nonce()
                    + (binding == NonceBinding.RAW ? " --nonce-binding raw" : "")
                    + " [--measurement HEX of your image]");
        }
    }
}
