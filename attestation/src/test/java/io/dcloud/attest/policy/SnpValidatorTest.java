package io.dcloud.attest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.SnpReportParser;
import io.dcloud.attest.verify.Check;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SNP policy checks on their own, on a recorded report whose policy bits are changed. */
class SnpValidatorTest {

    /** GUEST_POLICY is a u64 at 0x08; MIGRATE_MA is bit 18, i.e. bit 2 of byte 0x0A. */
    static final int MIGRATE_MA_BYTE = 0x0A;

    static final int MIGRATE_MA_MASK = 1 << 2;

    @Test
    void aMigrationAgentIsRejectedUnlessThePolicyAllowsIt() throws Exception {
        byte[] bytes = virteeReport();
        assertFalse(SnpReportParser.parse(bytes).policy().migrateMa());
        bytes[MIGRATE_MA_BYTE] |= MIGRATE_MA_MASK;
        SnpReport withAgent = SnpReportParser.parse(bytes);
        assertTrue(withAgent.policy().migrateMa());

        List<Check> strict = SnpValidator.validate(withAgent, Optional.of(Product.MILAN), Policy.defaults());
        assertEquals(List.of("policy.migration-agent"), failures(strict));
        assertEquals(
                "the guest policy allows a migration agent",
                check(strict, "policy.migration-agent").reason());

        List<Check> lenient = SnpValidator.validate(
                withAgent,
                Optional.of(Product.MILAN),
                Policy.builder().allowMigrationAgent(true).build());
        assertEquals(List.of(), failures(lenient));
        assertEquals(
                "migration agent allowed",
                check(lenient, "policy.migration-agent").reason());
    }

    @Test
    void withoutMigrationAgentTheDefaultPolicyPasses() throws Exception {
        List<Check> checks = SnpValidator.validate(
                SnpReportParser.parse(virteeReport()), Optional.of(Product.MILAN), Policy.defaults());
        assertEquals(List.of(), failures(checks));
        assertEquals(
                "no migration agent", check(checks, "policy.migration-agent").reason());
    }

    static byte[] virteeReport() throws Exception {
        return Vectors.evidence("snp/virtee-sev/report_milan.hex").bytes();
    }

    static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> failures(List<Check> checks) {
        return checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
    }
}
