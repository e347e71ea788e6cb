package io.dcloud.attest.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.tdx.TdReport;
import io.dcloud.attest.tdx.TdxQuoteParser;
import io.dcloud.attest.verify.Check;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The TDX TCB-status policy (`--tcb-status`) on its own, for the statuses collateral can give. */
class TdxValidatorTest {

    @Test
    void onlyUpToDateIsAcceptedByDefault() throws Exception {
        TdReport td = td();
        List<Check> upToDate = TdxValidator.validate(td, Optional.of("UpToDate"), true, Policy.defaults());
        assertEquals(List.of(), SnpValidatorTest.failures(upToDate));
        assertEquals(
                "TCB status UpToDate is accepted",
                SnpValidatorTest.check(upToDate, "policy.tcb-status").reason());

        List<Check> outOfDate = TdxValidator.validate(td, Optional.of("OutOfDate"), true, Policy.defaults());
        assertEquals(List.of("policy.tcb-status"), SnpValidatorTest.failures(outOfDate));
        assertEquals(
                "TCB status OutOfDate is not among [UpToDate]",
                SnpValidatorTest.check(outOfDate, "policy.tcb-status").reason());
    }

    @Test
    void aWiderPolicyAcceptsTheStatusesItNamesAndNoOthers() throws Exception {
        Policy wider = Policy.builder()
                .tdxTcbStatuses(Set.of("UpToDate", "SWHardeningNeeded"))
                .build();
        assertEquals(
                List.of(),
                SnpValidatorTest.failures(TdxValidator.validate(td(), Optional.of("SWHardeningNeeded"), true, wider)));
        assertEquals(
                List.of("policy.tcb-status"),
                SnpValidatorTest.failures(TdxValidator.validate(td(), Optional.of("Revoked"), true, wider)));
        Policy outOfDateOnly =
                Policy.builder().tdxTcbStatuses(Set.of("OutOfDate")).build();
        assertEquals(
                List.of("policy.tcb-status"),
                SnpValidatorTest.failures(TdxValidator.validate(td(), Optional.of("UpToDate"), true, outOfDateOnly)));
    }

    @Test
    void withoutCollateralNoStatusCheckRuns() throws Exception {
        List<Check> checks = TdxValidator.validate(td(), Optional.empty(), false, Policy.defaults());
        assertTrue(checks.stream().noneMatch(c -> c.name().equals("policy.tcb-status")), checks.toString());
        assertEquals(List.of(), SnpValidatorTest.failures(checks));
    }

    static TdReport td() throws Exception {
        return TdxQuoteParser.parse(Vectors.bytes("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"))
                .body();
    }
}
