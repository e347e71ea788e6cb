package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile bytes only ever give a named {@link ParseException}. */
class SnpReportParserTest {

    @Test
    void everyTruncationIsNamed() throws Exception {
        byte[] good = SnpVectorsTest.virtee().bytes();
        for (int n = 0; n < good.length; n++) {
            ParseException e = assertThrows(ParseException.class, parse(Arrays.copyOf(good, n)));
            assertEquals(Reason.TRUNCATED, e.reason());
        }
    }

    @Test
    void trailingBytesAreToleratedAndCounted() throws Exception {
        byte[] longer = Arrays.copyOf(SnpVectorsTest.virtee().bytes(), SnpReport.LENGTH + 17);
        assertEquals(17, SnpReportParser.parse(longer).trailingBytes());
    }

    @Test
    void versionsThreeAndFiveReadTheirExtraFields() throws Exception {
        byte[] b = SnpVectorsTest.virtee().bytes().clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, 5);
        b[0x188] = 0x1A;
        b[0x189] = 0x02;
        b[0x18A] = 0x01;
        bb.putLong(0x1F8, 0x1122L);
        bb.putLong(0x200, 0x3344L);
        SnpReport r = SnpReportParser.parse(b);
        assertEquals(new SnpReport.Cpuid(0x1A, 0x02, 0x01), r.cpuid().orElseThrow());
        assertEquals(0x1122L, r.launchMitVector());
        assertEquals(0x3344L, r.currentMitVector());
        bb.putInt(0, 3);
        SnpReport v3 = SnpReportParser.parse(b);
        assertEquals(0, v3.launchMitVector());
        assertEquals(
                Product.TURIN,
                Product.fromCpuid(v3.cpuid().orElseThrow().family(), 2).orElseThrow());
    }

    @Test
    void unknownVersionAlgorithmAndKeySelectorAreNamed() throws Exception {
        byte[] good = SnpVectorsTest.virtee().bytes();
        for (int version : new int[] {0, 1, 4, 6, -1}) {
            byte[] b = good.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, version);
            assertEquals(
                    Reason.UNSUPPORTED_VERSION,
                    assertThrows(ParseException.class, parse(b)).reason());
        }
        byte[] algo = good.clone();
        algo[0x34] = 2;
        assertEquals(
                Reason.BAD_FIELD,
                assertThrows(ParseException.class, parse(algo)).reason());
        byte[] key = good.clone();
        key[0x48] = (byte) (3 << 2);
        assertEquals(
                Reason.BAD_FIELD, assertThrows(ParseException.class, parse(key)).reason());
    }

    @Test
    void randomMutationsNeverThrowUnchecked() throws Exception {
        byte[] good = SnpVectorsTest.virtee().bytes();
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = Arrays.copyOf(good, random.nextInt(good.length + 64));
            for (int j = random.nextInt(8); j >= 0; j--) {
                if (b.length > 0) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt();
                }
            }
            try {
                SnpReportParser.parse(b);
            } catch (ParseException expected) {
                // Named failure: fine. Anything unchecked escapes and fails the test.
            }
        }
    }

    private static org.junit.jupiter.api.function.Executable parse(byte[] b) {
        return () -> SnpReportParser.parse(b);
    }
}
