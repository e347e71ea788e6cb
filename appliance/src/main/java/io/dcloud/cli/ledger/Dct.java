package io.dcloud.cli.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;

/** DCT amounts as people write them ("36", "0.5") and as the chain stores them (base units, 9 decimals). */
final class Dct {
    static final int DECIMALS = 9;

    private Dct() {}

    static BigInteger parse(String text) {
        try {
            BigDecimal amount = new BigDecimal(text.strip());
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("a DCT amount cannot be negative: " + text);
            }
            return amount.movePointRight(DECIMALS).toBigIntegerExact();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a DCT amount: " + text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("DCT has 9 decimals at most: " + text);
        }
    }

    static String format(BigInteger baseUnits) {
        return new BigDecimal(baseUnits, DECIMALS).stripTrailingZeros().toPlainString();
    }
}
