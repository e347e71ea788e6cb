package io.dcloud.attest.policy;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.Tcb;
import io.dcloud.attest.verify.Check;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a (verified) SEV-SNP report against a {@link Policy}; one named check per constraint. */
public final class SnpValidator {

    private SnpValidator() {}

    public static List<Check> validate(SnpReport report, Optional<Product> product, Policy policy) {
        List<Check> checks = new ArrayList<>();
        boolean debug = report.policy().debug();
        checks.add(
                !debug || policy.allowDebug()
                        ? Check.pass("policy.debug", debug ? "DEBUG is set and allowed" : "DEBUG is not set")
                        : Check.fail("policy.debug", "DEBUG is set: the hypervisor can read guest memory"));
        boolean ma = report.policy().migrateMa();
        checks.add(
                !ma || policy.allowMigrationAgent()
                        ? Check.pass("policy.migration-agent", ma ? "migration agent allowed" : "no migration agent")
                        : Check.fail("policy.migration-agent", "the guest policy allows a migration agent"));
        policy.vmpl()
                .ifPresent(v -> checks.add(
                        report.vmpl() == v
                                ? Check.pass("policy.vmpl", "VMPL " + v)
                                : Check.fail("policy.vmpl", "VMPL " + report.vmpl() + ", expected " + v)));
        policy.minimumTcb().ifPresent(min -> checks.add(minimumTcb(report, product, min)));
        Expectations.equal("policy.measurement", "MEASUREMENT", policy.measurement(), report.measurement())
                .ifPresent(checks::add);
        Expectations.equal("policy.host-data", "HOST_DATA", policy.hostData(), report.hostData())
                .ifPresent(checks::add);
        if (!policy.idKeyDigests().isEmpty()) {
            boolean accepted =
                    policy.idKeyDigests().stream().anyMatch(d -> MessageDigest.isEqual(d, report.idKeyDigest()));
            checks.add(
                    accepted
                            ? Check.pass("policy.id-key", "ID_KEY_DIGEST is accepted")
                            : Check.fail(
                                    "policy.id-key",
                                    "ID_KEY_DIGEST " + Hex.of(report.idKeyDigest()) + " is not accepted"));
        }
        Expectations.nonce(policy, report.reportData()).ifPresent(checks::add);
        return checks;
    }

    private static Check minimumTcb(SnpReport report, Optional<Product> product, Tcb min) {
        if (product.isEmpty()) {
            return Check.fail("policy.minimum-tcb", "unknown product: cannot read REPORTED_TCB");
        }
        Tcb reported = Tcb.decode(report.reportedTcb(), product.get());
        return reported.atLeast(min)
                ? Check.pass("policy.minimum-tcb", "REPORTED_TCB " + reported + " meets " + min)
                : Check.fail("policy.minimum-tcb", "REPORTED_TCB " + reported + " is below " + min);
    }
}
