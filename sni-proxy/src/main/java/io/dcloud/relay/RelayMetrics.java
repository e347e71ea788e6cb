package io.dcloud.relay;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Plain counters and gauges of one router or forwarder; cheap to bump from any event loop. */
public final class RelayMetrics {
    private final LongAdder accepted = new LongAdder();
    private final AtomicLong active = new AtomicLong();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LongAdder connects = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder connectNanos = new LongAdder();
    private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();

    public RelayMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** A client connection (or UDP session) was accepted. */
    public void opened() {
        accepted.increment();
        active.incrementAndGet();
    }

    public void closed() {
        active.decrementAndGet();
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void connected(long nanos) {
        connects.increment();
        connectNanos.add(nanos);
    }

    void connectFailed() {
        connectFailures.increment();
    }

    /** The byte counters of one route or mapping, created on first use. */
    public Traffic traffic(String key) {
        return traffic.computeIfAbsent(key, k -> new Traffic());
    }

    public MetricsSnapshot snapshot() {
        Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
        rejected.forEach((reason, count) -> rejects.put(reason, count.sum()));
        Map<String, MetricsSnapshot.Bytes> bytes = new TreeMap<>();
        traffic.forEach((key, t) -> bytes.put(key, new MetricsSnapshot.Bytes(t.bytesToBackend(), t.bytesToClient())));
        return new MetricsSnapshot(
                accepted.sum(),
                active.get(),
                Map.copyOf(rejects),
                connects.sum(),
                connectFailures.sum(),
                connectNanos.sum(),
                Map.copyOf(bytes));
    }
}
