package io.dcloud.attest.policy;

import io.dcloud.attest.tdx.TdReport;
import io.dcloud.attest.verify.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a (verified) TDX quote's TD report and TCB status against a {@link Policy}. */
public final class TdxValidator {

    private TdxValidator() {}

    public static List<Check> validate(
            TdReport td, Optional<String> tcbStatus, boolean collateralGiven, Policy policy) {
        List<Check> checks = new ArrayList<>();
        checks.add(
                !td.debug() || policy.allowDebug()
                        ? Check.pass("policy.debug", td.debug() ? "TD DEBUG is set and allowed" : "TD DEBUG is not set")
                        : Check.fail("policy.debug", "TD_ATTRIBUTES.DEBUG is set: the host can read TD state"));
        Expectations.equal("policy.mrtd", "MRTD", policy.mrTd(), td.mrTd()).ifPresent(checks::add);
        for (int i = 0; i < 4; i++) {
            Expectations.equal(
                            "policy.rtmr" + i,
                            "RTMR" + i,
                            policy.rtmrs().get(i),
                            td.rtmrs().get(i))
                    .ifPresent(checks::add);
        }
        Expectations.equal("policy.mrconfigid", "MRCONFIGID", policy.mrConfigId(), td.mrConfigId())
                .ifPresent(checks::add);
        if (collateralGiven && tcbStatus.isPresent()) {
            checks.add(
                    policy.tdxTcbStatuses().contains(tcbStatus.get())
                            ? Check.pass("policy.tcb-status", "TCB status " + tcbStatus.get() + " is accepted")
                            : Check.fail(
                                    "policy.tcb-status",
                                    "TCB status " + tcbStatus.get() + " is not among " + policy.tdxTcbStatuses()));
        }
        Expectations.nonce(policy, td.reportData()).ifPresent(checks::add);
        return checks;
    }
}
