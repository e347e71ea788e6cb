package io.dcloud.appliance.api.tenant;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers each signer's nonces until their request expires, so that a signed request is served
 * at most once.
 *
 * <p>In memory is enough because a request may expire at most {@link TenantSignature#MAX_LIFETIME}
 * (5 minutes) ahead: after that the signature is refused as expired whatever this ledger holds. The
 * trade-off is a restart: requests signed in the last 5 minutes before it can be replayed once more
 * until they expire. Replaying one needs a copy of its headers (TLS keeps them off the wire, so
 * someone with the tenant's logs or a TLS-terminating proxy of theirs), and gets only what the
 * tenant already asked for: the same access details, or one more reboot of their own VM. Persisting
 * every nonce would cost a disk write per request to close that window; if it matters later, the
 * appliance can instead refuse tenant requests for {@code MAX_LIFETIME} after it starts.
 *
 * <p>The size is bounded: when full, new nonces are refused (the caller answers 503) rather than
 * memory growing without bound. Only requests whose signer is the rental's tenant reach the ledger,
 * so filling it takes a tenant sending {@code capacity} requests within 5 minutes.
 */
public final class NonceLedger {

    public static final int DEFAULT_CAPACITY = 100_000;

    /** What became of a nonce offered to the ledger. */
    public enum Outcome {
        /** First use: the request may be served. */
        ACCEPTED,
        /** Seen before and not yet expired. */
        REPLAYED,
        /** The ledger holds {@code capacity} live nonces; try again when some expire. */
        FULL
    }

    private record Entry(String key, Instant expires) {}

    private final int capacity;
    private final Map<String, Instant> live = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>(Comparator.comparing(Entry::expires));

    public NonceLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public NonceLedger() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Records {@code nonce} for {@code signer} until {@code expires}, unless already recorded.
     *
     * @param expires the request's expiry, already checked to lie after {@code now}
     * @param now the same clock the expiry was checked against
     */
    public synchronized Outcome accept(String signer, String nonce, Instant expires, Instant now) {
        forgetExpired(now);
        var key = signer + ' ' + nonce;
        if (live.containsKey(key)) {
            return Outcome.REPLAYED;
        }
        if (live.size() >= capacity) {
            return Outcome.FULL;
        }
        live.put(key, expires);
        byExpiry.add(new Entry(key, expires));
        return Outcome.ACCEPTED;
    }

    /** How many nonces are remembered now. */
    public synchronized int size() {
        return live.size();
    }

    /** A request whose expiry is not after {@code now} is refused before it gets here: forget it. */
    private void forgetExpired(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().expires().isAfter(now)) {
            live.remove(byExpiry.poll().key());
        }
    }
}
