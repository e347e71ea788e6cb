package io.dcloud.relay;

import java.util.concurrent.atomic.LongAdder;

/** Bytes relayed for one route or mapping, each way. */
public final class Traffic {
    final LongAdder toBackend = new LongAdder();
    final LongAdder toClient = new LongAdder();

    public void addToBackend(long bytes) {
        toBackend.add(bytes);
    }

    public void addToClient(long bytes) {
        toClient.add(bytes);
    }

    public long bytesToBackend() {
        return toBackend.sum();
    }

    public long bytesToClient() {
        return toClient.sum();
    }
}
