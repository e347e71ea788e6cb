package io.dcloud.cli.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DctTest {
    @Test
    void parsesDecimalDctIntoBaseUnits() {
        assertEquals(BigInteger.valueOf(36_000_000_000L), Dct.parse("36"));
        assertEquals(BigInteger.valueOf(500_000_000L), Dct.parse("0.5"));
        assertEquals(BigInteger.ONE, Dct.parse("0.000000001"));
    }

    @Test
    void formatsWithoutTrailingZeros() {
        assertEquals("36", Dct.format(BigInteger.valueOf(36_000_000_000L)));
        assertEquals("0.5", Dct.format(BigInteger.valueOf(500_000_000L)));
        assertEquals("0", Dct.format(BigInteger.ZERO));
    }

    @Test
    void rejectsWhatIsNotAnAmount() {
        assertEquals(
                "not a DCT amount: ten",
                assertThrows(IllegalArgumentException.class, () -> Dct.parse("ten"))
                        .getMessage());
        assertEquals(
                "DCT has 9 decimals at most: 0.0000000001",
                assertThrows(IllegalArgumentException.class, () -> Dct.parse("0.0000000001"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dct.parse("-1"));
    }
}
