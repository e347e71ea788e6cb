package io.dcloud.ledger.market;

import java.math.BigInteger;

/**
 * A rental as the ledger sees it now. {@code state} already reads EXPIRED for an active rental past its paid time.
 *
 * @param durationSeconds paid (or, once ended early, used) time
 * @param claimable what the provider could claim now
 */
public record RentalView(
        BigInteger id,
        BigInteger offerId,
        String tenant,
        String provider,
        RentalState state,
        long requestedAt,
        long startedAt,
        long durationSeconds,
        BigInteger pricePerHour,
        BigInteger paid,
        BigInteger claimable) {}
