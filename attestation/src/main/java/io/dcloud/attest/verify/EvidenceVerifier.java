package io.dcloud.attest.verify;

import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.policy.SnpValidator;
import io.dcloud.attest.policy.TdxValidator;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.SnpReportParser;
import io.dcloud.attest.snp.SnpVerifier;
import io.dcloud.attest.tdx.TdxQuote;
import io.dcloud.attest.tdx.TdxQuoteParser;
import io.dcloud.attest.tdx.TdxVerifier;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point: parse the evidence, verify its signatures and chain to the pinned roots, validate
 * it against the policy, and return a {@link Verdict} listing every check. Unreadable evidence is a
 * {@link ParseException}, not a verdict: there is nothing to judge.
 */
public final class EvidenceVerifier {

    private EvidenceVerifier() {}

    public static Verdict verify(Evidence evidence, Policy policy, Instant at) throws ParseException {
        return switch (evidence.tee()) {
            case SEV_SNP -> snp(evidence, policy, at);
            case TDX -> tdx(evidence, policy, at);
        };
    }

    private static Verdict snp(Evidence evidence, Policy policy, Instant at) throws ParseException {
        SnpReport report = SnpReportParser.parse(evidence.bytes());
        SnpVerifier.Result verified =
                SnpVerifier.verify(report, evidence.certificates(), evidence.product(), at, evidence.crls());
        List<Check> checks = new ArrayList<>(verified.checks());
        checks.addAll(SnpValidator.validate(report, verified.product(), policy));
        return new Verdict(evidence.tee().label(), checks, Claims.snp(report, verified.product()));
    }

    private static Verdict tdx(Evidence evidence, Policy policy, Instant at) throws ParseException {
        TdxQuote quote = TdxQuoteParser.parse(evidence.bytes());
        List<X509Certificate> extra = new ArrayList<>(evidence.certificates());
        evidence.collateral().ifPresent(c -> extra.addAll(c.certificates()));
        TdxVerifier.Result verified = TdxVerifier.verify(quote, extra, evidence.crls(), evidence.collateral(), at);
        List<Check> checks = new ArrayList<>(verified.checks());
        checks.addAll(TdxValidator.validate(
                quote.body(), verified.tcbStatus(), evidence.collateral().isPresent(), policy));
        return new Verdict(
                evidence.tee().label(),
                checks,
                Claims.tdx(
                        quote,
                        verified.fmspc(),
                        verified.tcbStatus(),
                        evidence.collateral().isPresent()));
    }
}
