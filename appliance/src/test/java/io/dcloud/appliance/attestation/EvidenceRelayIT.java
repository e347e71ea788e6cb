package io.dcloud.appliance.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.attest.agent.EvidenceAgent;
import io.dcloud.attest.agent.RecordedEvidence;
import io.dcloud.attest.evidence.CertTable;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.policy.NonceBinding;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmState;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The appliance's side of the attestation relay against a real agent ({@code dcloud attest serve}'s server) on
 * loopback, which plays the guest: the recorded trustee SEV-SNP report stands in for the platform these machines
 * lack. What comes back is checked the way a tenant checks it, with {@link EvidenceVerifier}.
 */
class EvidenceRelayIT {

    private static final Path VECTORS =
            Path.of(System.getProperty("dcloud.shared.dir", "../testdata"), "attestation", "vectors", "snp", "trustee");
    /** REPORT_DATA of the recorded report (its MANIFEST): what a verifier's nonce must have been. */
    private static final String RECORDED_REPORT_DATA =
            "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2";

    private static final Instant WHEN = Instant.parse("2026-11-25T00:00:00Z");

    static EvidenceBundle recorded() throws IOException {
        byte[] aux = CertTable.build(
                List.of(new CertTable.Entry(CertTable.VCEK, Files.readAllBytes(VECTORS.resolve("test-vcek.der")))));
        return new EvidenceBundle("recorded", Files.readAllBytes(VECTORS.resolve("test-report.bin")), Optional.of(aux));
    }

    @Test
    void evidenceFromTheGuestVerifiesAsTheTenantChecksIt() throws Exception {
        try (var agent = EvidenceAgent.start(new InetSocketAddress("127.0.0.1", 0), RecordedEvidence.of(recorded()))) {
            var guests = new GuestEvidence(
                    () -> List.of(vm("7", VmKind.SEV_SNP, VmState.RUNNING)),
                    new EvidenceRelay(agent.address().getPort(), Duration.ofSeconds(5)));

            byte[] bound = guests.fetch("7", AgentRequest.of(RECORDED_REPORT_DATA, NonceBinding.RAW));
            var evidence = EvidenceReader.read(bound, Optional.empty());
            var policy = Policy.builder()
                    .nonce(HexFormat.of().parseHex(RECORDED_REPORT_DATA))
                    .nonceBinding(NonceBinding.RAW)
                    .build();
            var verdict = EvidenceVerifier.verify(evidence, policy, WHEN);
            assertTrue(verdict.verified(), verdict.toString());

            // a fresh nonce: the recorded report cannot bind it, and the tenant's check says so
            byte[] fresh = guests.fetch("7", AgentRequest.of("5eed5eed", NonceBinding.SHA512));
            var stale = EvidenceVerifier.verify(
                    EvidenceReader.read(fresh, Optional.empty()),
                    Policy.builder().nonce(HexFormat.of().parseHex("5eed5eed")).build(),
                    WHEN);
            assertFalse(stale.verified());
            assertEquals(
                    List.of("policy.nonce"),
                    stale.checks().stream()
                            .filter(c -> !c.ok())
                            .map(Check::name)
                            .toList(),
                    stale.toString());
        }
    }

    @Test
    void onlyARunningConfidentialVmIsAsked() throws Exception {
        // nothing listens on port 1: a request that got through would end as a 502, not as these answers
        var relay = new EvidenceRelay(1, Duration.ofSeconds(1));
        var guests = new GuestEvidence(
                () -> List.of(
                        vm("1", VmKind.STANDARD, VmState.RUNNING),
                        vm("2", VmKind.TDX, VmState.SHUT_OFF),
                        vm("3", VmKind.GPU, VmState.RUNNING)),
                relay);
        var request = AgentRequest.of("00", NonceBinding.SHA512);
        assertProblem(() -> guests.fetch("9", request), 404, "rental 9 has no VM on this host");
        assertProblem(() -> guests.fetch("1", request), 409, "runs a standard VM: only sev-snp and tdx");
        assertProblem(() -> guests.fetch("3", request), 409, "runs a gpu VM");
        assertProblem(() -> guests.fetch("2", request), 409, "is shut_off, not running");
    }

    @Test
    void aMissingAgentIsABadGatewayThatNamesTheFix() throws Exception {
        int port;
        try (var unused = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        var relay = new EvidenceRelay(port, Duration.ofSeconds(5));
        assertProblem(
                () -> relay.fetch("127.0.0.1", AgentRequest.of("00", NonceBinding.SHA512)),
                502,
                "must run `dcloud attest serve`");
    }

    @Test
    void anAgentThatNeverAnswersTimesOut() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (var silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            var relay = new EvidenceRelay(silent.getLocalPort(), Duration.ofSeconds(1));
            assertProblem(
                    () -> relay.fetch("127.0.0.1", AgentRequest.of("00", NonceBinding.SHA512)), 504, "within 1 s");
            silent.close();
            acceptor.join(Duration.ofSeconds(5));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void answersThatAreNotEvidenceAreBadGateways() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/dcloud/attestation/v1/evidence", exchange -> {
            byte[] body;
            int status = 200;
            String nonce = exchange.getRequestURI().getQuery();
            if (nonce.contains("nonce=01")) {
                body = "<html>hello</html>".getBytes();
            } else if (nonce.contains("nonce=02")) {
                body = new byte[EvidenceRelay.MAX_ANSWER_BYTES + 10];
            } else {
                status = 503;
                body = "this guest cannot produce evidence: no /dev/sev-guest".getBytes();
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var relay = new EvidenceRelay(server.getAddress().getPort(), Duration.ofSeconds(5));
            assertProblem(
                    () -> relay.fetch("127.0.0.1", AgentRequest.of("01", NonceBinding.SHA512)),
                    502,
                    "answered with no usable evidence");
            assertProblem(
                    () -> relay.fetch("127.0.0.1", AgentRequest.of("02", NonceBinding.SHA512)),
                    502,
                    "more than 256 KiB");
            assertProblem(
                    () -> relay.fetch("127.0.0.1", AgentRequest.of("03", NonceBinding.SHA512)),
                    502,
                    "answered 503: this guest cannot produce evidence: no /dev/sev-guest");
        } finally {
            server.stop(0);
        }
    }

    private static Vm vm(String rental, VmKind kind, VmState state) {
        return new Vm(
                DesiredRental.vmName(rental),
                state,
                kind,
                new DcloudMetadata(rental, "0xtenant", Optional.of(new PortBlock(20000, 10)), List.of()),
                new NetworkAttachment("dcloud", "52:54:00:00:00:07", "127.0.0.1"));
    }

    private static void assertProblem(Runnable call, int status, String detailPart) {
        var e = assertThrows(ProblemException.class, call::run);
        assertEquals(status, e.problem().status(), e.problem().toString());
        assertTrue(e.problem().detail().contains(detailPart), e.problem().detail());
    }
}
