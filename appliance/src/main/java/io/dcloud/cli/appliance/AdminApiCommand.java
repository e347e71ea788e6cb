package io.dcloud.cli.appliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.rentals.RentalsService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * One call (or a few) to the management API as an admin: the bearer token from the environment, the answer's
 * body on 2xx, and otherwise one clear failure on stderr: the problem and its field errors, an unreachable API or
 * a TLS failure (exit 1), or bad input on this side (exit 2, nothing sent).
 */
abstract class AdminApiCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    RentalCommand parent;

    @Mixin
    AdminApiOptions api;

    private HttpClient client;
    private String token;

    @Override
    public final Integer call() {
        try {
            token = api.token(parent.environment);
            try (var http = api.client()) {
                client = http;
                execute();
            }
            return 0;
        } catch (AdminApiFailure e) {
            e.lines.forEach(line -> err().println("dcloud appliance rental: " + line));
            return e.exitCode;
        }
    }

    abstract void execute();

    /** GET {@code path}: the body of a 2xx answer. */
    String get(String path) {
        return send(HttpRequest.newBuilder(api.api.resolve(path)).GET());
    }

    /** POST {@code json} (or nothing) to {@code path}: the body of a 2xx answer. */
    String post(String path, Optional<String> json) {
        var request = HttpRequest.newBuilder(api.api.resolve(path));
        json.ifPresentOrElse(
                body -> request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                () -> request.POST(HttpRequest.BodyPublishers.noBody()));
        return send(request);
    }

    /** {@code /rentals/ID}, once ID is known to be a rental id (anything else could reach another path). */
    static String rentalPath(String id) {
        if (!RentalsService.ID.matcher(id).matches()) {
            throw AdminApiFailure.input("'" + id + "' is not a rental id: " + RentalsService.ID_RULE);
        }
        return "/rentals/" + id;
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw AdminApiFailure.failed("the API answered something that is not JSON: " + e.getOriginalMessage());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private String send(HttpRequest.Builder request) {
        request.timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + AdminApiOptions.CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused (is the appliance running, and is this its API port?)");
        } catch (SSLException e) {
            throw AdminApiFailure.failed("TLS with " + api.api + " failed: " + AdminApiFailure.reason(e)
                    + (api.cacert == null
                            ? "; if the API uses the appliance's self-signed certificate, pass --cacert <state-dir>/api-tls/cert.pem"
                            : "; is " + api.cacert + " the CA of the API's certificate?"));
        } catch (IOException e) {
            throw unreachable(AdminApiFailure.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminApiFailure.failed("interrupted while waiting for " + api.api);
        }
        if (response.statusCode() / 100 != 2) {
            throw AdminApiFailure.failed(ProblemReport.lines(response.statusCode(), response.body()));
        }
        return response.body();
    }

    private AdminApiFailure unreachable(String why) {
        return AdminApiFailure.failed("cannot reach " + api.api + ": " + why);
    }
}
