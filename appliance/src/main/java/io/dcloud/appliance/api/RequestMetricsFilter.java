package io.dcloud.appliance.api;

import io.dcloud.appliance.metrics.MetricsRegistry;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Map;

/** Counts API responses by status code, refused ones included. */
final class RequestMetricsFilter implements Filter {

    private final MetricsRegistry metrics;

    RequestMetricsFilter(MetricsRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        try {
            chain.proceed();
        } finally {
            metrics.counter(
                            "dcloud_api_responses_total",
                            "Management API responses by HTTP status code.",
                            Map.of("code", Integer.toString(res.status().code())))
                    .increment();
        }
    }
}
