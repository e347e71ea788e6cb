package io.dcloud.attest.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.CertTable;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.policy.NonceBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest agent over real HTTP on loopback, with the recorded trustee report standing in for the platform. */
class EvidenceAgentTest {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static EvidenceBundle recorded() {
        byte[] aux = CertTable.build(
                List.of(new CertTable.Entry(CertTable.VCEK, Vectors.bytes("snp/trustee/test-vcek.der"))));
        return new EvidenceBundle("recorded", Vectors.bytes("snp/trustee/test-report.bin"), Optional.of(aux));
    }

    @Test
    void theAgentAsksItsSourceForTheBoundReportDataAndAnswersWithTheBundle() throws Exception {
        List<byte[]> asked = new CopyOnWriteArrayList<>();
        EvidenceBundle bundle = recorded();
        try (var agent = start(reportData -> {
            asked.add(reportData);
            return bundle;
        })) {
            var sha = get(agent, AgentRequest.PATH + "?nonce=c0ffee");
            assertEquals(200, sha.statusCode());
            assertEquals(
                    "application/json", sha.headers().firstValue("Content-Type").orElseThrow());
            assertArrayEquals(bundle.toJson(), sha.body());
            assertArrayEquals(
                    MessageDigest.getInstance("SHA-512").digest(new byte[] {(byte) 0xc0, (byte) 0xff, (byte) 0xee}),
                    asked.get(0));
            EvidenceReader.read(sha.body(), Optional.empty());

            var raw = get(agent, AgentRequest.PATH + "?nonce=0102&binding=raw");
            assertEquals(200, raw.statusCode());
            byte[] expected = new byte[64];
            expected[0] = 1;
            expected[1] = 2;
            assertArrayEquals(expected, asked.get(1));
        }
    }

    @Test
    void badRequestsAreRefusedBeforeThePlatformIsAsked() throws Exception {
        List<byte[]> asked = new CopyOnWriteArrayList<>();
        try (var agent = start(reportData -> {
            asked.add(reportData);
            return recorded();
        })) {
            assertAnswer(get(agent, AgentRequest.PATH), 400, "missing query parameter nonce");
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce=xyz"), 400, "nonce");
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce="), 400, "nonce");
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce=" + "00".repeat(257)), 400, "1 to 256 bytes");
            assertAnswer(
                    get(agent, AgentRequest.PATH + "?nonce=" + "00".repeat(65) + "&binding=raw"), 400, "at most 64");
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce=00&binding=md5"), 400, "sha512 or raw");
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce=00&extra=1"), 400, "unknown query parameter 'extra'");
            assertAnswer(get(agent, "/dcloud/attestation/v1/evidence/more?nonce=00"), 404, AgentRequest.PATH);
            var post = CLIENT.send(
                    HttpRequest.newBuilder(uri(agent, AgentRequest.PATH + "?nonce=00"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertAnswer(post, 405, "only GET");
            assertEquals(0, asked.size(), "no bad request reached the platform");
        }
    }

    @Test
    void aPlatformFailureIsA503ThatSaysWhy() throws Exception {
        try (var agent = start(reportData -> {
            throw new IOException("not a confidential guest: none of /sys/kernel/config/tsm/report exists");
        })) {
            assertAnswer(get(agent, AgentRequest.PATH + "?nonce=00"), 503, "not a confidential guest");
        }
    }

    @Test
    void recordedEvidenceIsReadAndCheckedAtStart(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.write(good, recorded().toJson());
        var source = RecordedEvidence.read(good);
        assertArrayEquals(recorded().outblob(), source.collect(new byte[64]).outblob());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"dcloud-evidence-v1\",\"provider\":\"x\",\"outblob\":\"AAAA\"}");
        var e = assertThrows(Exception.class, () -> RecordedEvidence.read(bad));
        assertTrue(e.getMessage().length() > 0);
        Path notJson = dir.resolve("report.bin");
        Files.write(notJson, Vectors.bytes("snp/trustee/test-report.bin"));
        var notBundle = assertThrows(Exception.class, () -> RecordedEvidence.read(notJson));
        assertTrue(notBundle.getMessage().contains("dcloud-evidence-v1"), notBundle.getMessage());
    }

    @Test
    void theQueryTheRelayBuildsIsTheOneTheAgentParses() {
        var request = AgentRequest.of("0xC0FFEE", NonceBinding.RAW);
        String query = request.pathAndQuery().substring(AgentRequest.PATH.length() + 1);
        var parsed = AgentRequest.parse(query);
        assertArrayEquals(request.nonce(), parsed.nonce());
        assertEquals(NonceBinding.RAW, parsed.binding());
        assertEquals("c0ffee", HexFormat.of().formatHex(parsed.nonce()));
    }

    private static EvidenceAgent start(EvidenceSource source) throws IOException {
        return EvidenceAgent.start(new InetSocketAddress("127.0.0.1", 0), source);
    }

    private static URI uri(EvidenceAgent agent, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + agent.address().getPort() + pathAndQuery);
    }

    private static HttpResponse<byte[]> get(EvidenceAgent agent, String pathAndQuery) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(uri(agent, pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertAnswer(HttpResponse<byte[]> response, int status, String bodyPart) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), body);
        assertTrue(body.contains(bodyPart), "expected '" + bodyPart + "' in: " + body);
    }
}
