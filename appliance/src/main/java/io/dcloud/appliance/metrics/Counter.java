package io.dcloud.appliance.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up, cheap to bump from any thread (data-plane handlers included). */
public final class Counter {

    private final LongAdder value = new LongAdder();

    Counter() {}

    public void increment() {
        value.increment();
    }

    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter cannot go down: " + amount);
        }
        value.add(amount);
    }

    public long value() {
        return value.sum();
    }
}
