package io.dcloud.forward;

import io.dcloud.forward.tcp.TcpListener;
import io.dcloud.forward.udp.UdpListener;
import io.dcloud.relay.Admission;
import io.dcloud.relay.ConnectionTracker;
import io.dcloud.relay.MetricsSnapshot;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.relay.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Forwards host ports to backends. Stateless beyond its open listeners: the owner (the reconciler, or
 * the {@code dcloud forward run} file) hands it the full list of mappings and it converges to it.
 */
public final class PortForwarder implements AutoCloseable {
    private final ForwarderConfig config;
    private final EventLoopGroup group;
    private final RelayMetrics metrics = new RelayMetrics();
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final Admission admission;
    private final Map<Mapping, Listener> listeners = new LinkedHashMap<>();

    private PortForwarder(ForwarderConfig config) {
        this.config = config;
        this.group = Transport.eventLoopGroup(config.threads());
        this.admission = new Admission(config.relay(), metrics);
    }

    public static PortForwarder start(ForwarderConfig config) {
        return new PortForwarder(config);
    }

    /** Converges to exactly these mappings; see {@link #apply(List, boolean)}. Keeps removed mappings' connections. */
    public void apply(List<Mapping> mappings) {
        apply(mappings, false);
    }

    /**
     * Opens listeners for new mappings and closes those no longer listed (cutting their live connections
     * when {@code cutRemoved}); mappings present in both stay untouched. Every mapping that could be
     * opened is; if some could not (port taken), the exception lists them all.
     */
    public synchronized void apply(List<Mapping> mappings, boolean cutRemoved) {
        Set<Mapping> desired = new LinkedHashSet<>(mappings);
        for (Mapping existing : List.copyOf(listeners.keySet())) {
            if (!desired.contains(existing)) {
                remove(existing, cutRemoved);
            }
        }
        List<String> failures = new ArrayList<>();
        for (Mapping mapping : desired) {
            if (!listeners.containsKey(mapping)) {
                try {
                    add(mapping);
                } catch (RuntimeException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /** Opens one mapping's listener now. */
    public synchronized void add(Mapping mapping) {
        if (listeners.containsKey(mapping)) {
            return;
        }
        try {
            Listener listener =
                    switch (mapping.protocol()) {
                        case TCP -> TcpListener.bind(group, mapping, config.relay(), admission, tracker, metrics);
                        case UDP ->
                            UdpListener.bind(
                                    group,
                                    mapping,
                                    config.udpIdleTimeout(),
                                    config.relay().maxConnections(),
                                    metrics);
                    };
            listeners.put(mapping, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening " + mapping.key());
        } catch (Exception e) {
            throw new IllegalStateException("cannot open " + mapping.key() + ": " + e.getMessage());
        }
    }

    /** Closes one mapping's listener; with {@code cut} its live connections end too (a rental that ended). */
    public synchronized void remove(Mapping mapping, boolean cut) {
        Listener listener = listeners.remove(mapping);
        if (listener != null) {
            listener.close(cut);
        }
    }

    public synchronized List<Mapping> mappings() {
        return List.copyOf(listeners.keySet());
    }

    /** The address a mapping actually listens on (its port when configured as 0), or null. */
    public synchronized InetSocketAddress boundAddress(Mapping mapping) {
        Listener listener = listeners.get(mapping);
        return listener == null ? null : listener.address();
    }

    /** Live TCP connections of one mapping. */
    public int connections(Mapping mapping) {
        return tracker.count(mapping.key());
    }

    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    @Override
    public synchronized void close() {
        for (Mapping mapping : List.copyOf(listeners.keySet())) {
            remove(mapping, true);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
