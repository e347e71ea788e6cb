package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class OfferTermsTest {
    @Test
    void priceMustFitTheContractsEightyBits() {
        BigInteger highest = BigInteger.ONE.shiftLeft(80).subtract(BigInteger.ONE);
        assertEquals(highest, terms(highest).pricePerHour());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> terms(BigInteger.ONE.shiftLeft(80)));
        assertTrue(e.getMessage().startsWith("price per hour must be below 2^80"), e.getMessage());
    }

    private static OfferTerms terms(BigInteger price) {
        return new OfferTerms(OfferKind.STANDARD, 1, 1024, 10, 0, "", 100, "eu", price, 1, 10, 1);
    }
}
