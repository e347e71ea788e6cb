package io.dcloud.sni;

import io.dcloud.relay.BackendConnector;
import io.dcloud.relay.ConnectionTimer;
import io.dcloud.relay.ConnectionTracker;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.relay.Target;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.atomic.AtomicReference;

/** Shared by the TLS and HTTP routers: the current route snapshot and the step from a name to a backend. */
public final class Dispatch {
    /** The tracker and byte-counter key of connections sent to the default backend. */
    public static final String DEFAULT_KEY = "(default)";

    private final AtomicReference<RouteTable> routes;
    private final RouterConfig config;
    private final RelayMetrics metrics;
    private final ConnectionTracker tracker;

    Dispatch(AtomicReference<RouteTable> routes, RouterConfig config, RelayMetrics metrics, ConnectionTracker tracker) {
        this.routes = routes;
        this.config = config;
        this.metrics = metrics;
        this.tracker = tracker;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    public RouterConfig config() {
        return config;
    }

    public Route find(String host) {
        return routes.get().lookup(host);
    }

    /**
     * Sends the connection to the route's backend (or the default backend when route is null), replacing
     * {@code router} in the pipeline. Returns false, having counted the reason, when nothing may take it.
     */
    public boolean send(
            ChannelHandlerContext ctx, ChannelHandler router, Route route, String authority, RejectReason ifNone) {
        Target target;
        int limit = 0;
        if (route != null) {
            target = new Target(route.name(), route.backend(), route.proxyProtocol(), authority);
            limit = route.maxConnections();
        } else if (config.defaultBackend() != null) {
            target = new Target(DEFAULT_KEY, config.defaultBackend(), false, authority);
        } else {
            metrics.reject(ifNone);
            return false;
        }
        if (!tracker.register(target.key(), ctx.channel(), limit)) {
            metrics.reject(RejectReason.LIMIT);
            return false;
        }
        ConnectionTimer.routed(ctx);
        ctx.pipeline().replace(router, "connect", new BackendConnector(target, config.relay(), metrics));
        return true;
    }
}
