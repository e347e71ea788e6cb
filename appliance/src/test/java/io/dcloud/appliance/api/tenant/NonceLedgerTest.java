package io.dcloud.appliance.api.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dcloud.appliance.api.tenant.NonceLedger.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceLedgerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(300);

    @Test
    void aNonceIsAcceptedOnceUntilItsRequestExpires() {
        var ledger = new NonceLedger();
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-1", LATER, NOW));
        assertEquals(Outcome.REPLAYED, ledger.accept("0xa", "nonce-1", LATER, NOW));
        assertEquals(Outcome.REPLAYED, ledger.accept("0xa", "nonce-1", LATER, LATER.minusSeconds(1)));
        assertEquals(1, ledger.size());

        // at its expiry the signature is refused anyway, so the nonce is forgotten
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-2", LATER.plusSeconds(60), LATER));
        assertEquals(1, ledger.size());
    }

    @Test
    void noncesBelongToTheirSigner() {
        var ledger = new NonceLedger();
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-1", LATER, NOW));
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xb", "nonce-1", LATER, NOW));
        assertEquals(Outcome.REPLAYED, ledger.accept("0xb", "nonce-1", LATER, NOW));
    }

    @Test
    void whenFullNewNoncesAreRefusedUntilSomeExpire() {
        var ledger = new NonceLedger(3);
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-1", NOW.plusSeconds(10), NOW));
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-2", NOW.plusSeconds(20), NOW));
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-3", NOW.plusSeconds(30), NOW));
        assertEquals(Outcome.FULL, ledger.accept("0xa", "nonce-4", NOW.plusSeconds(40), NOW));
        // a replay is still told apart from a full ledger
        assertEquals(Outcome.REPLAYED, ledger.accept("0xa", "nonce-2", NOW.plusSeconds(20), NOW));
        assertEquals(3, ledger.size());

        // the earliest expires: exactly one slot frees up
        var t = NOW.plusSeconds(10);
        assertEquals(Outcome.ACCEPTED, ledger.accept("0xa", "nonce-4", NOW.plusSeconds(40), t));
        assertEquals(Outcome.FULL, ledger.accept("0xa", "nonce-5", NOW.plusSeconds(50), t));
        assertEquals(3, ledger.size());
    }

    @Test
    void aLedgerHoldsAtLeastOneNonce() {
        assertThrows(IllegalArgumentException.class, () -> new NonceLedger(0));
    }
}
