package io.dcloud.cli.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.ApiResources;
import io.dcloud.appliance.api.ApiSettings;
import io.dcloud.appliance.api.ManagementApi;
import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.attestation.EvidenceRelay;
import io.dcloud.appliance.attestation.GuestEvidence;
import io.dcloud.appliance.metrics.MetricsRegistry;
import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.attest.agent.EvidenceAgent;
import io.dcloud.attest.agent.RecordedEvidence;
import io.dcloud.attest.evidence.CertTable;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.cli.Dcloud;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmState;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The tenant's whole attestation path as a user runs it: `dcloud tenant evidence` signs the request, the real
 * management API relays it to a real agent (`dcloud attest serve`'s server on loopback, standing in for the
 * guest, with the recorded trustee SEV-SNP report standing in for the platform), the CLI saves the bundle, and
 * `dcloud attest verify` checks it against the pinned AMD roots and the tenant's nonce.
 */
class TenantEvidenceIT {

    private static final Path TRUSTEE =
            Path.of(System.getProperty("dcloud.shared.dir", "../testdata"), "attestation", "vectors", "snp", "trustee");
    /** The recorded report's REPORT_DATA (see the vectors' MANIFEST): the one nonce it binds, raw. */
    private static final String RECORDED_NONCE = "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2";

    @TempDir
    static Path dir;

    private static EvidenceAgent agent;
    private static ManagementApi api;

    @BeforeAll
    static void start() throws Exception {
        byte[] aux = CertTable.build(
                List.of(new CertTable.Entry(CertTable.VCEK, Files.readAllBytes(TRUSTEE.resolve("test-vcek.der")))));
        var recorded = new EvidenceBundle(
                "recorded", Files.readAllBytes(TRUSTEE.resolve("test-report.bin")), Optional.of(aux));
        agent = EvidenceAgent.start(new InetSocketAddress("127.0.0.1", 0), RecordedEvidence.of(recorded));

        String tenant = Credentials.create(AnvilNode.DEV_KEYS.get(1)).getAddress();
        var vm = new Vm(
                DesiredRental.vmName("7"),
                VmState.RUNNING,
                VmKind.SEV_SNP,
                new DcloudMetadata(
                        "7", tenant, Optional.of(new PortBlock(20000, 10)), List.of("conf.provider.example")),
                new NetworkAttachment("dcloud", "52:54:00:00:00:07", "127.0.0.1"));
        var rental = new RentalView(
                "7", "conf", "sev-snp", "running", tenant, "conf.provider.example", 20000, null, false, null);
        var tokens = dir.resolve("admin-tokens");
        AdminTokens.create(tokens, "test", new SecureRandom());
        var identity = SelfSignedIdentity.loadOrCreate(dir.resolve("api-tls"), Set.of("127.0.0.1"), Clock.systemUTC());
        var resources = new ApiResources(
                () -> new HostView("acme", "provider.example", "127.0.0.1", 2, 4096, List.of("sev-snp")),
                List::of,
                () -> List.of(rental),
                (id, action, reason) -> ActionOutcome.refused("not in this test"),
                new RentalCreation() {
                    @Override
                    public RentalSize offerSize() {
                        return new RentalSize(1, 1024, 10);
                    }

                    @Override
                    public RentalView create(NewRental rental) {
                        throw new IllegalStateException("not in this test");
                    }
                },
                new GuestEvidence(
                        () -> List.of(vm), new EvidenceRelay(agent.address().getPort(), Duration.ofSeconds(5))),
                List::of,
                List::of,
                List.of(),
                Optional.empty());
        api = ManagementApi.start(
                new ApiSettings("127.0.0.1", 0, identity, AdminTokens.open(tokens), List.of()),
                resources,
                new MetricsRegistry());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theTenantFetchesEvidenceAndVerifiesItOffline() {
        Path evidence = dir.resolve("evidence.json");
        var fetched = dcloud(tenantEvidence(1, evidence, "--nonce", RECORDED_NONCE, "--nonce-binding", "raw"));
        assertEquals(0, fetched.exit(), fetched.output());
        assertTrue(fetched.output().contains("saved the evidence of rental 7 to " + evidence), fetched.output());
        assertTrue(
                fetched.output()
                        .contains("dcloud attest verify --evidence " + evidence + " --nonce " + RECORDED_NONCE
                                + " --nonce-binding raw"),
                fetched.output());

        var verified = dcloud(
                "attest",
                "verify",
                "--evidence",
                evidence.toString(),
                "--nonce",
                RECORDED_NONCE,
                "--nonce-binding",
                "raw");
        assertEquals(0, verified.exit(), verified.output());
    }

    @Test
    void aFreshNonceShowsTheRecordedStandInCannotBindIt() {
        Path evidence = dir.resolve("fresh.json");
        var fetched = dcloud(tenantEvidence(1, evidence));
        assertEquals(0, fetched.exit(), fetched.output());
        var nonce = Pattern.compile("\\(nonce ([0-9a-f]{64})\\)").matcher(fetched.output());
        assertTrue(nonce.find(), "a fresh random nonce is generated and printed: " + fetched.output());

        var verified = dcloud("attest", "verify", "--evidence", evidence.toString(), "--nonce", nonce.group(1));
        assertEquals(1, verified.exit(), verified.output());
        assertTrue(verified.output().contains("policy.nonce"), verified.output());
    }

    @Test
    void anotherAccountGetsNothing() {
        Path evidence = dir.resolve("stolen.json");
        var refused = dcloud(tenantEvidence(2, evidence));
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().contains("403"), refused.output());
        assertTrue(!Files.exists(evidence), "no file is written when the appliance refuses");
    }

    private static String[] tenantEvidence(int devAccount, Path out, String... more) {
        var args = new java.util.ArrayList<>(List.of(
                "tenant",
                "evidence",
                "7",
                "--api",
                "https://127.0.0.1:" + api.port(),
                "--cacert",
                dir.resolve("api-tls/cert.pem").toString(),
                "--dev-account",
                Integer.toString(devAccount),
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private record Run(int exit, String output) {}

    private static Run dcloud(String... args) {
        var text = new StringWriter();
        var cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        int exit = cli.execute(args);
        return new Run(exit, text.toString());
    }
}
