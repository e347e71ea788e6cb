package io.dcloud.relay;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Global and per-source-IP connection limits, checked once when a client connection is accepted. */
public final class Admission {
    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    public Admission(RelayConfig config, RelayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Counts the connection in, or closes it and returns false; the slot frees when it closes. */
    public boolean admit(Channel client) {
        InetAddress source = ((InetSocketAddress) client.remoteAddress()).getAddress();
        if (total.incrementAndGet() > config.maxConnections()) {
            total.decrementAndGet();
            return refuse(client);
        }
        AtomicInteger count = perIp.compute(source, (ip, c) -> {
            AtomicInteger n = c == null ? new AtomicInteger() : c;
            n.incrementAndGet();
            return n;
        });
        if (count.get() > config.maxConnectionsPerIp()) {
            release(source);
            return refuse(client);
        }
        metrics.opened();
        client.closeFuture().addListener(f -> {
            release(source);
            metrics.closed();
        });
        return true;
    }

    private boolean refuse(Channel client) {
        metrics.reject(RejectReason.LIMIT);
        client.close();
        return false;
    }

    private void release(InetAddress source) {
        total.decrementAndGet();
        perIp.computeIfPresent(source, (ip, c) -> c.decrementAndGet() == 0 ? null : c);
    }
}
