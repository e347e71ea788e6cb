package io.dcloud.sni;

import io.dcloud.relay.AcceptedSetup;
import io.dcloud.relay.Admission;
import io.dcloud.relay.ConnectionTimer;
import io.dcloud.relay.ConnectionTracker;
import io.dcloud.relay.HostPort;
import io.dcloud.relay.MetricsSnapshot;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.relay.Transport;
import io.dcloud.sni.http.HostRoutingHandler;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteName;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.tls.SniRoutingHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The non-terminating router: a TLS listener routing on SNI and an HTTP listener routing on Host,
 * sharing one route table snapshot that can be swapped at any time without touching live connections.
 */
public final class SniRouter implements AutoCloseable {
    private final AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.EMPTY);
    private final RelayMetrics metrics = new RelayMetrics();
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final EventLoopGroup group;
    private final RouterConfig config;
    private final Dispatch dispatch;
    private final Admission admission;
    private Channel tlsListener;
    private Channel httpListener;

    private SniRouter(RouterConfig config) {
        this.config = config;
        this.group = Transport.eventLoopGroup(config.threads());
        this.dispatch = new Dispatch(routes, config, metrics, tracker);
        this.admission = new Admission(config.relay(), metrics);
    }

    /** Binds the configured listeners; throws if a port cannot be bound. */
    public static SniRouter start(RouterConfig config) throws InterruptedException {
        SniRouter router = new SniRouter(config);
        try {
            if (config.tls() != null) {
                router.tlsListener = router.bind(config.tls(), d -> new SniRoutingHandler(d));
            }
            if (config.http() != null) {
                router.httpListener = router.bind(config.http(), d -> new HostRoutingHandler(d));
            }
        } catch (RuntimeException | InterruptedException e) {
            router.close();
            throw e;
        }
        return router;
    }

    private Channel bind(HostPort address, Function<Dispatch, ChannelHandler> routerHandler)
            throws InterruptedException {
        InetSocketAddress listen = address.resolved();
        return new ServerBootstrap()
                .group(group)
                .channelFactory(Transport.serverChannelFactory(listen, true))
                .option(ChannelOption.SO_BACKLOG, 4096)
                // Netty sets TCP_NODELAY on every socket already: setting it again costs a syscall per accept.
                // Reads stay on from accept to close (bounded by the routing handlers and BackendConnector):
                // each switch of read interest is an epoll_ctl.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new AcceptedSetup(ch -> {
                    if (admission.admit(ch)) {
                        ch.pipeline()
                                .addLast(ConnectionTimer.handshakeThenIdle(
                                        config.handshakeTimeout(),
                                        config.relay().idleTimeout(),
                                        metrics))
                                .addLast(routerHandler.apply(dispatch));
                    }
                }))
                .bind(listen)
                .sync()
                .channel();
    }

    /** The TLS listener's bound address (useful with port 0), or null. */
    public InetSocketAddress tlsAddress() {
        return tlsListener == null ? null : (InetSocketAddress) tlsListener.localAddress();
    }

    public InetSocketAddress httpAddress() {
        return httpListener == null ? null : (InetSocketAddress) httpListener.localAddress();
    }

    public RouteTable routes() {
        return routes.get();
    }

    /**
     * Swaps in a new snapshot. With {@code closeRemoved}, live connections of routes that disappeared or
     * now point at another backend are cut; all other connections are never touched.
     */
    public void replaceRoutes(RouteTable next, boolean closeRemoved) {
        RouteTable previous = routes.getAndSet(next);
        if (closeRemoved) {
            Set<String> gone = new HashSet<>();
            for (Route route : previous.routes()) {
                Route now = next.get(route.name());
                if (now == null || !now.backend().equals(route.backend())) {
                    gone.add(route.name());
                }
            }
            gone.forEach(tracker::closeAll);
        }
    }

    /** Removes one route (a rental that ended), optionally closing its live connections. */
    public void removeRoute(String name, boolean closeConnections) {
        routes.updateAndGet(table -> table.without(name));
        if (closeConnections) {
            tracker.closeAll(RouteName.canonical(name));
        }
    }

    public void addRoute(Route route) {
        routes.updateAndGet(table -> table.with(route));
    }

    /** Live connections on one route. */
    public int connections(String name) {
        return tracker.count(name);
    }

    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    @Override
    public void close() {
        if (tlsListener != null) {
            tlsListener.close().syncUninterruptibly();
        }
        if (httpListener != null) {
            httpListener.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
