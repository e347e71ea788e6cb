package io.netty.channel.epoll;

import io.netty.channel.ChannelId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The id of a relayed socket: a number from a process-wide counter. Netty's default id mixes the machine id, the
 * process id, two clocks and a random number, and hashes them, for ids unique across machines; a relay's ids only
 * key its own channel groups, and every proxied connection makes two.
 */
final class RelayChannelId implements ChannelId {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong NEXT = new AtomicLong();

    private final long value;

    private RelayChannelId(long value) {
        this.value = value;
    }

    static RelayChannelId next() {
        return new RelayChannelId(NEXT.incrementAndGet());
    }

    @Override
    public String asShortText() {
        return Long.toHexString(value);
    }

    @Override
    public String asLongText() {
        return "relay-" + Long.toHexString(value);
    }

    @Override
    public int compareTo(ChannelId other) {
        return other instanceof RelayChannelId relay
                ? Long.compare(value, relay.value)
                : asLongText().compareTo(other.asLongText());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RelayChannelId relay && relay.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return asShortText();
    }
}
