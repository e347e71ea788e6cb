package io.dcloud.cli.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.kds.KdsClient;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.NonceBinding;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.SnpReportParser;
import io.dcloud.attest.snp.Tcb;
import io.dcloud.attest.tdx.Collateral;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud attest verify`: parse, verify and validate SEV-SNP or TDX evidence, offline by default. */
@Command(
        name = "verify",
        header = "Verify SEV-SNP or TDX evidence against pinned roots and a policy.",
        sortOptions = false,
        description = {
            "Verify SEV-SNP or TDX evidence: parse it, check its signature and its",
            "certificate chain up to the AMD ARK or Intel SGX Root CA pinned in dcloud,",
            "then check it against the policy (options marked Policy; secure defaults).",
            "Nonce convention: the guest puts SHA-512(nonce) in REPORT_DATA, as",
            "`dcloud attest report` does; --nonce-binding raw accepts the nonce itself,",
            "zero-padded to 64 bytes. Offline unless --online.",
            "Exit status: 0 verified, 1 rejected, 2 unusable input."
        })
public final class VerifyCommand extends AttestSubcommand {

    @Option(
            names = "--evidence",
            required = true,
            paramLabel = "FILE",
            description =
                    "SNP report or TDX quote: raw, hex, base64, configfs-tsm outblob, or a `dcloud attest report` bundle.")
    Path evidence;

    @Option(names = "--auxblob", paramLabel = "FILE", description = "configfs-tsm auxblob (SNP certificate table).")
    Path auxblob;

    @Option(
            names = "--cert",
            paramLabel = "FILE",
            description = "VCEK/VLEK/ASK/ARK (DER or PEM, a PEM may hold a chain, any order); repeatable.")
    List<Path> certs = new ArrayList<>();

    @Option(
            names = "--crl",
            paramLabel = "FILE",
            description = "CRL (DER or PEM) to check revocation against; repeatable.")
    List<Path> crls = new ArrayList<>();

    @Option(
            names = "--collateral",
            paramLabel = "DIR",
            description = "TDX collateral: TCB info, QE identity, TCB signing chain, CRLs (recognised by content).")
    Path collateral;

    @Option(
            names = "--product",
            paramLabel = "NAME",
            description = "SNP product: Milan, Genoa or Turin (else from the evidence).")
    String product;

    @Option(
            names = "--at",
            paramLabel = "ISO-8601-TIME",
            description = "Check certificate validity at this time instead of now.")
    String at;

    @Option(
            names = "--online",
            description = "Fetch a missing VCEK and its chain from AMD KDS (cached in --kds-cache).")
    boolean online;

    @Option(names = "--kds-cache", paramLabel = "DIR", description = "KDS cache (default ~/.cache/dcloud/kds).")
    Path kdsCache = Path.of(System.getProperty("user.home"), ".cache", "dcloud", "kds");

    /** AMD's KDS; tests point it at a stand-in on loopback. */
    URI kdsBase = KdsClient.AMD;

    @Option(names = "--json", description = "Print one JSON object: tee, verdict, checks, claims.")
    boolean json;

    // Policy flags: the defaults are the secure baseline of Policy.defaults().

    @Option(names = "--nonce", paramLabel = "HEX", description = "Policy: your fresh nonce; REPORT_DATA must bind it.")
    String nonce;

    @Option(
            names = "--nonce-binding",
            paramLabel = "MODE",
            description =
                    "Policy: sha512 (default, REPORT_DATA = SHA-512(nonce)) or raw (nonce zero-padded to 64 bytes).")
    NonceBinding nonceBinding = NonceBinding.SHA512;

    @Option(names = "--allow-debug", description = "Policy: accept guests with DEBUG set (default: reject).")
    boolean allowDebug;

    @Option(names = "--vmpl", paramLabel = "N", description = "Policy (SNP): required VMPL (default 0).")
    Integer vmpl = 0;

    @Option(names = "--any-vmpl", description = "Policy (SNP): accept any VMPL.")
    boolean anyVmpl;

    @Option(
            names = "--allow-migration-agent",
            description = "Policy (SNP): accept a migration agent (default: reject).")
    boolean allowMigrationAgent;

    @Option(
            names = "--min-tcb",
            paramLabel = "SPEC",
            description = "Policy (SNP): minimum REPORTED_TCB, e.g. bl=3,tee=0,snp=8,ucode=115[,fmc=0].")
    String minTcb;

    @Option(names = "--measurement", paramLabel = "HEX", description = "Policy (SNP): expected MEASUREMENT.")
    String measurement;

    @Option(names = "--host-data", paramLabel = "HEX", description = "Policy (SNP): expected HOST_DATA.")
    String hostData;

    @Option(
            names = "--id-key-digest",
            paramLabel = "HEX",
            description = "Policy (SNP): accepted ID_KEY_DIGEST; repeatable.")
    List<String> idKeyDigests = new ArrayList<>();

    @Option(names = "--mrtd", paramLabel = "HEX", description = "Policy (TDX): expected MRTD.")
    String mrTd;

    @Option(
            names = "--rtmr",
            paramLabel = "N=HEX",
            description = "Policy (TDX): expected RTMR N (0-3), e.g. 2=ab..; repeatable.")
    List<String> rtmrs = new ArrayList<>();

    @Option(names = "--mrconfigid", paramLabel = "HEX", description = "Policy (TDX): expected MRCONFIGID.")
    String mrConfigId;

    @Option(
            names = "--tcb-status",
            paramLabel = "STATUS",
            description = "Policy (TDX, with --collateral): accepted TCB status; repeatable (default UpToDate).")
    List<String> tcbStatuses = new ArrayList<>();

    @Override
    public Integer call() {
        Verdict verdict;
        try {
            verdict = EvidenceVerifier.verify(evidence(), policy(), time());
        } catch (ParseException | IllegalArgumentException e) {
            err().println("dcloud attest verify: unusable input: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err().println("dcloud attest verify: unusable input: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
        if (json) {
            printJson(verdict);
        } else {
            printSummary(verdict);
        }
        return verdict.verified() ? 0 : 1;
    }

    private Evidence evidence() throws IOException, ParseException {
        Optional<byte[]> aux = auxblob == null ? Optional.empty() : Optional.of(Files.readAllBytes(auxblob));
        Evidence e = EvidenceReader.read(Files.readAllBytes(evidence), aux);
        List<X509Certificate> all = new ArrayList<>();
        for (Path p : certs) {
            all.addAll(Certificates.read(Files.readAllBytes(p)));
        }
        List<X509CRL> crlList = new ArrayList<>();
        for (Path p : crls) {
            crlList.add(Certificates.readCrl(Files.readAllBytes(p)));
        }
        Optional<Product> hint = Optional.empty();
        if (product != null) {
            hint = Optional.of(Product.fromName(product)
                    .orElseThrow(() -> new IllegalArgumentException("--product must be Milan, Genoa or Turin")));
        }
        Optional<Collateral> c =
                collateral == null ? Optional.empty() : Optional.of(Collateral.fromDirectory(collateral));
        e = new Evidence(e.tee(), e.bytes(), e.certificates(), crlList, hint, c).withCertificates(all);
        if (online && e.tee() == Evidence.Tee.SEV_SNP) {
            e = e.withCertificates(fromKds(e, hint));
        }
        return e;
    }

    /** Only what the evidence lacks: the VCEK (VLEKs come from the cloud, not KDS) and the chain. */
    private List<X509Certificate> fromKds(Evidence e, Optional<Product> hint) throws IOException, ParseException {
        SnpReport report = SnpReportParser.parse(e.bytes());
        Product p = hint.or(() -> report.cpuid().flatMap(c -> Product.fromCpuid(c.family(), c.model())))
                .orElseThrow(() -> new IllegalArgumentException("--online needs --product for a version 2 report"));
        return new KdsClient(kdsBase, kdsCache).missing(report, p, e.certificates());
    }

    private Instant time() {
        if (at == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
    }

    private Policy policy() throws ParseException {
        Policy.Builder b = Policy.builder()
                .allowDebug(allowDebug)
                .vmpl(anyVmpl ? Optional.empty() : Optional.of(vmpl))
                .allowMigrationAgent(allowMigrationAgent)
                .nonceBinding(nonceBinding);
        if (nonce != null) {
            b.nonce(Hex.parse(nonce, "--nonce"));
        }
        if (minTcb != null) {
            b.minimumTcb(tcb(minTcb));
        }
        if (measurement != null) {
            b.measurement(Hex.parse(measurement, "--measurement"));
        }
        if (hostData != null) {
            b.hostData(Hex.parse(hostData, "--host-data"));
        }
        for (String d : idKeyDigests) {
            b.acceptIdKeyDigest(Hex.parse(d, "--id-key-digest"));
        }
        if (mrTd != null) {
            b.mrTd(Hex.parse(mrTd, "--mrtd"));
        }
        for (String r : rtmrs) {
            String[] kv = r.split("=", 2);
            if (kv.length != 2 || !kv[0].matches("[0-3]")) {
                throw new IllegalArgumentException("--rtmr must be N=HEX with N from 0 to 3");
            }
            b.rtmr(Integer.parseInt(kv[0]), Hex.parse(kv[1], "--rtmr"));
        }
        if (mrConfigId != null) {
            b.mrConfigId(Hex.parse(mrConfigId, "--mrconfigid"));
        }
        if (!tcbStatuses.isEmpty()) {
            b.tdxTcbStatuses(Set.copyOf(tcbStatuses));
        }
        return b.build();
    }

    static Tcb tcb(String spec) {
        Map<String, Integer> parts = new LinkedHashMap<>();
        for (String kv : spec.split(",")) {
            String[] p = kv.strip().split("=", 2);
            if (p.length != 2
                    || !Set.of("fmc", "bl", "tee", "snp", "ucode").contains(p[0])
                    || !p[1].matches("\\d{1,3}")) {
                throw new IllegalArgumentException("--min-tcb must look like bl=3,tee=0,snp=8,ucode=115[,fmc=0]");
            }
            parts.put(p[0], Integer.parseInt(p[1]));
        }
        return new Tcb(
                parts.getOrDefault("fmc", 0),
                parts.getOrDefault("bl", 0),
                parts.getOrDefault("tee", 0),
                parts.getOrDefault("snp", 0),
                parts.getOrDefault("ucode", 0));
    }

    private void printJson(Verdict v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tee", v.tee());
        out.put("verdict", v.verified() ? "verified" : "rejected");
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Check c : v.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("ok", c.ok());
            m.put("reason", c.reason());
            checks.add(m);
        }
        out.put("checks", checks);
        out.put("claims", v.claims());
        try {
            out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void printSummary(Verdict v) {
        out().println(v.tee() + " evidence: " + (v.verified() ? "VERIFIED" : "REJECTED"));
        for (Check c : v.checks()) {
            out().printf("  %-4s %-28s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.reason());
        }
        if (v.check("policy.nonce").isEmpty()) {
            out().println("  note: no --nonce given, so the evidence may be a replay");
        }
        for (String k : List.of("product", "version", "measurement", "mrTd", "reportData", "tcbStatus")) {
            if (v.claims().containsKey(k)) {
                out().println("  " + k + ": " + v.claims().get(k));
            }
        }
    }
}
