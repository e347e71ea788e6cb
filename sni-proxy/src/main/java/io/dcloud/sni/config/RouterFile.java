package io.dcloud.sni.config;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.RouterConfig;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone router's YAML file ({@code dcloud proxy run --config FILE}): listeners, optional
 * default backend, timeouts, limits and the routes. See the module README for the full shape.
 */
public record RouterFile(RouterConfig config, RouteTable routes) {
    /** Without a {@code listeners} key: every address, IPv6 and IPv4 (Linux binds {@code [::]} dual-stack). */
    public static final HostPort DEFAULT_TLS = new HostPort("::", 443);

    public static final HostPort DEFAULT_HTTP = new HostPort("::", 80);

    public static RouterFile read(Path file) throws ConfigException {
        ConfigNode root = ConfigNode.read(file)
                .onlyKeys("listeners", "defaultBackend", "timeouts", "limits", "threads", "routes");
        ConfigNode listeners = root.child("listeners");
        HostPort tls = DEFAULT_TLS;
        HostPort http = DEFAULT_HTTP;
        if (listeners != null) {
            listeners.onlyKeys("tls", "http");
            tls = address(listeners, "tls", listeners.text("tls", null));
            http = address(listeners, "http", listeners.text("http", null));
            if (tls == null && http == null) {
                throw root.error("listeners", "needs tls, http or both");
            }
        }
        RelayConfig relay = RelayConfig.DEFAULTS;
        RouterConfig config = RouterConfig.of(tls, http);
        ConfigNode timeouts = root.child("timeouts");
        if (timeouts != null) {
            timeouts.onlyKeys("handshake", "connect", "idle");
            config = config.withHandshakeTimeout(timeouts.duration("handshake", config.handshakeTimeout()));
            relay = new RelayConfig(
                    timeouts.duration("connect", relay.connectTimeout()),
                    timeouts.duration("idle", relay.idleTimeout()),
                    relay.maxConnections(),
                    relay.maxConnectionsPerIp());
        }
        ConfigNode limits = root.child("limits");
        if (limits != null) {
            limits.onlyKeys("connections", "perIp");
            int max = limits.integer("connections", relay.maxConnections());
            int perIp = limits.integer("perIp", relay.maxConnectionsPerIp());
            if (max < 1 || perIp < 1) {
                throw root.error("limits", "connections and perIp must be at least 1");
            }
            relay = relay.withLimits(max, perIp);
        }
        int threads = root.integer("threads", config.threads());
        if (threads < 1) {
            throw root.error("threads", "must be at least 1");
        }
        config = new RouterConfig(config.tls(), config.http(), config.handshakeTimeout(), relay, null, null, threads);
        config = config.withDefaultBackend(address(root, "defaultBackend", root.text("defaultBackend", null)));
        return new RouterFile(config, routes(root));
    }

    private static RouteTable routes(ConfigNode root) throws ConfigException {
        List<Route> routes = new ArrayList<>();
        for (ConfigNode r : root.list("routes")) {
            r.onlyKeys("name", "backend", "httpBackend", "proxyProtocol", "maxConnections");
            String name = r.requiredText("name");
            HostPort backend = address(r, "backend", r.requiredText("backend"));
            String http = r.text("httpBackend", null);
            HostPort httpBackend = http == null ? backend : address(r, "httpBackend", http);
            try {
                routes.add(new Route(
                        name, backend, httpBackend, r.bool("proxyProtocol", false), r.integer("maxConnections", 0)));
            } catch (IllegalArgumentException e) {
                throw r.error("name", e.getMessage());
            }
        }
        try {
            return RouteTable.of(routes);
        } catch (IllegalArgumentException e) {
            throw root.error("routes", e.getMessage());
        }
    }

    /** Parses host:port with the node's path in the message; null stays null. */
    public static HostPort address(ConfigNode node, String key, String text) throws ConfigException {
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error(key, e.getMessage());
        }
    }
}
