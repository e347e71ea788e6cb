package io.dcloud.attest.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The guest side of the attestation relay: a tiny HTTP server inside the VM that answers {@link AgentRequest#PATH}
 * with evidence binding the caller's nonce. Plain HTTP is enough: the evidence is signed by the platform and bound
 * to the tenant's nonce, so whoever carries it (the provider's appliance) can withhold it but not forge it.
 * Requests are served one at a time, because the platform serialises them anyway.
 */
public final class EvidenceAgent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EvidenceAgent.class.getName());

    private final HttpServer server;

    private EvidenceAgent(HttpServer server) {
        this.server = server;
    }

    public static EvidenceAgent start(InetSocketAddress listen, EvidenceSource source) throws IOException {
        HttpServer server = HttpServer.create(listen, 16);
        server.createContext(AgentRequest.PATH, exchange -> {
            try (exchange) {
                answer(exchange, source);
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dcloud-evidence-agent");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new EvidenceAgent(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, EvidenceSource source) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().add("Allow", "GET");
            send(exchange, 405, "text/plain", "only GET is served here\n");
            return;
        }
        if (!exchange.getRequestURI().getPath().equals(AgentRequest.PATH)) {
            send(exchange, 404, "text/plain", "the evidence is at " + AgentRequest.PATH + "\n");
            return;
        }
        AgentRequest request;
        try {
            request = AgentRequest.parse(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "text/plain", e.getMessage() + "\n");
            return;
        }
        EvidenceBundle bundle;
        try {
            bundle = source.collect(request.reportData());
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.warning("no evidence for a request: " + e.getMessage());
            send(exchange, 503, "text/plain", "this guest cannot produce evidence: " + e.getMessage() + "\n");
            return;
        }
        send(exchange, 200, "application/json", bundle.toJson());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
