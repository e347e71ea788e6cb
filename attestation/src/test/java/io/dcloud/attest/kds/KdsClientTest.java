package io.dcloud.attest.kds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SigningKey;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.SnpReportParser;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KDS URLs, the disk cache and rate limiting, against a stand-in KDS on loopback (never the internet). */
class KdsClientTest {

    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final byte[] vcek = Vectors.bytes("snp/go-sev-guest/vcek.der");
    /** Answers by request path and query; anything else gets {@link #vcek}. */
    final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            if (exchange.getRequestURI().getPath().contains("limited")) {
                exchange.getResponseHeaders().add("Retry-After", "17");
                exchange.sendResponseHeaders(429, -1);
            } else {
                byte[] body = served.getOrDefault(exchange.getRequestURI().toString(), vcek);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void urlsFollowAmdsLayout() throws Exception {
        SnpReport r = SnpReportParser.parse(Vectors.bytes("snp/go-sev-guest/attestation.bin"));
        KdsClient kds = new KdsClient(base(), Path.of("unused"));
        assertEquals(
                "/vcek/v1/Milan/3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68",
                kds.vcekPath(Product.MILAN, r));
        assertTrue(kds.vcekPath(Product.TURIN, r).startsWith("/vcek/v1/Turin/3ac3fe21e13fb099?fmcSPL="));
        assertEquals("/vcek/v1/Genoa/cert_chain", kds.certChainPath(Product.GENOA, SigningKey.VCEK));
        assertEquals("/vlek/v1/Turin/cert_chain", kds.certChainPath(Product.TURIN, SigningKey.VLEK));
    }

    @Test
    void fetchesOnceThenServesFromTheCache(@TempDir Path cache) throws Exception {
        KdsClient kds = new KdsClient(base(), cache);
        String path = "/vcek/v1/Milan/abcd?blSPL=2";
        assertArrayEquals(vcek, kds.fetch(path));
        assertArrayEquals(vcek, kds.fetch(path));
        assertEquals(List.of(path), requests);
        assertArrayEquals(vcek, new KdsClient(base(), cache).fetch(path));
        assertEquals(1, requests.size());
    }

    @Test
    void rateLimitIsReportedNotRetried(@TempDir Path cache) {
        KdsClient kds = new KdsClient(base(), cache);
        IOException e = assertThrows(IOException.class, () -> kds.fetch("/vcek/v1/Milan/limited"));
        assertTrue(e.getMessage().contains("retry after 17"), e.getMessage());
        assertEquals(1, requests.size());
        assertThrows(IOException.class, () -> kds.fetch("/vcek/v1/Milan/limited"));
        assertEquals(2, requests.size());
    }

    @Test
    void missingCertificatesMakeAReportVerifiable(@TempDir Path cache) throws Exception {
        Evidence e = Vectors.evidence("snp/virtee-sev/report_milan.hex");
        SnpReport r = SnpReportParser.parse(e.bytes());
        KdsClient kds = new KdsClient(base(), cache);
        served.put(kds.vcekPath(Product.MILAN, r), Vectors.bytes("snp/virtee-sev/vcek_milan.der"));
        served.put("/vcek/v1/Milan/cert_chain", Vectors.bytes("snp/virtee-sev/cert_chain_milan.pem"));

        List<X509Certificate> fetched = kds.missing(r, Product.MILAN, List.of());
        assertEquals(List.of(kds.vcekPath(Product.MILAN, r), "/vcek/v1/Milan/cert_chain"), requests);
        assertEquals(3, fetched.size());
        Verdict v = EvidenceVerifier.verify(e.withCertificates(fetched), Policy.defaults(), AT);
        assertTrue(v.verified(), v.failures().toString());
        assertTrue(EvidenceVerifier.verify(e, Policy.defaults(), AT)
                .check("snp.endorsement-key")
                .isPresent());
    }

    @Test
    void aGivenVcekIsNotFetchedAndAVlekFetchesOnlyItsAsvkChain(@TempDir Path cache) throws Exception {
        byte[] bytes = Vectors.evidence("snp/virtee-sev/report_milan.hex").bytes();
        KdsClient kds = new KdsClient(base(), cache);
        served.put("/vcek/v1/Milan/cert_chain", Vectors.bytes("snp/virtee-sev/cert_chain_milan.pem"));
        kds.missing(SnpReportParser.parse(bytes), Product.MILAN, Vectors.certs("snp/virtee-sev/vcek_milan.der"));
        assertEquals(List.of("/vcek/v1/Milan/cert_chain"), requests);

        bytes[0x48] |= 1 << 2;
        served.put("/vlek/v1/Milan/cert_chain", Vectors.bytes("snp/virtee-sev/cert_chain_milan.pem"));
        kds.missing(SnpReportParser.parse(bytes), Product.MILAN, List.of());
        assertEquals(List.of("/vcek/v1/Milan/cert_chain", "/vlek/v1/Milan/cert_chain"), requests);
    }
}
