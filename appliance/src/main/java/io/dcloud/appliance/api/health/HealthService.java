package io.dcloud.appliance.api.health;

import io.dcloud.appliance.api.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * Liveness and readiness, open to supervisors without credentials. Readiness answers 503 with the
 * same report when a check is down: the report, not a problem document, is what a prober needs.
 */
public final class HealthService implements HttpService {

    private final List<ReadinessCheck> checks;

    public HealthService(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", this::live).get("/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, new Report("UP", List.of()));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        var results = checks.stream().map(HealthService::run).toList();
        boolean up = results.stream().allMatch(c -> c.status().equals("UP"));
        Json.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, new Report(up ? "UP" : "DOWN", results));
    }

    private static CheckReport run(ReadinessCheck check) {
        CheckResult result;
        try {
            result = check.probe().get();
        } catch (RuntimeException e) {
            result = CheckResult.down("check failed: " + e);
        }
        return new CheckReport(check.name(), result.up() ? "UP" : "DOWN", result.detail());
    }

    /** The body of both endpoints. */
    public record Report(String status, List<CheckReport> checks) {}

    public record CheckReport(String name, String status, String detail) {}
}
