package io.dcloud.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.tenant.TenantDomainService;
import io.dcloud.appliance.domains.DomainName;
import io.dcloud.appliance.domains.ParsedDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `dcloud tenant domain show|attach|detach RENTAL DOMAIN --api URL`: the tenant's own domain on its rental, proven
 * by a DNS TXT record (see appliance/README.md, "Tenant requests").
 */
@Command(
        name = "domain",
        mixinStandardHelpOptions = true,
        description = "Route your own domain to your rental, once a DNS TXT record proves it is yours.",
        subcommands = {
            TenantDomainCommand.Show.class,
            TenantDomainCommand.Attach.class,
            TenantDomainCommand.Detach.class
        })
final class TenantDomainCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    abstract static class DomainRequest extends TenantCommand.SignedRequest {
        @Parameters(
                index = "1",
                paramLabel = "DOMAIN",
                description = "Your domain, e.g. app.example.com (internationalized names are sent in ASCII form).")
        String domain;

        /** The path with the domain in the ASCII form the appliance routes and the signature covers. */
        @Override
        String path() {
            return switch (DomainName.parse(domain)) {
                case DomainName name -> "/tenant/rentals/" + rental + "/domains/" + name.ascii();
                case ParsedDomain.Invalid invalid -> throw new IllegalArgumentException(invalid.reason());
            };
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print the TXT record that proves the domain is yours, and whether it is attached.")
    static final class Show extends DomainRequest {
        @Override
        String method() {
            return "GET";
        }
    }

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            description = "Route the domain to your rental's VM (HTTPS by SNI, HTTP by Host) once the TXT record "
                    + "holds the proof; without it, print the record to create.")
    static final class Attach extends DomainRequest {
        @Override
        String method() {
            return "PUT";
        }

        @Override
        void execute() {
            var response = send(method(), path());
            if (response.statusCode() == 409
                    && TenantDomainService.PROOF_MISSING.equals(
                            read(response.body()).path("type").asText())) {
                var record = read(body(send("GET", path()))).path("record");
                throw new IllegalStateException("the proof is missing. Create this DNS record, then attach again:\n"
                        + "  " + record.path("name").asText() + ". "
                        + record.path("type").asText() + " \""
                        + record.path("value").asText() + "\"\n"
                        + "The appliance said: "
                        + read(response.body()).path("detail").asText());
            }
            out().println(body(response));
        }
    }

    @Command(
            name = "detach",
            mixinStandardHelpOptions = true,
            description = "Stop routing the domain to your rental (nothing happens when it is not attached).")
    static final class Detach extends DomainRequest {
        @Override
        String method() {
            return "DELETE";
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the appliance's answer is not JSON: " + e.getMessage(), e);
        }
    }
}
