package io.dcloud.attest.kds;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.snp.Product;
import io.dcloud.attest.snp.SigningKey;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.snp.Tcb;
import io.dcloud.attest.verify.Certificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AMD's Key Distribution Service: the VCEK for a chip at a TCB, and the ASK/ARK chain of a product.
 * Answers are cached on disk forever (a VCEK for a given hwID and TCB never changes), so a verifier asks
 * KDS at most once per chip and TCB; when KDS says "too many requests" the error carries its Retry-After
 * instead of retrying.
 */
public final class KdsClient {

    public static final URI AMD = URI.create("https://kdsintf.amd.com");

    private final URI base;
    private final Path cache;
    private final HttpClient http;

    public KdsClient(URI base, Path cache) {
        this.base = base;
        this.cache = cache;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** /vcek/v1/{product}/{hwID}?blSPL=..&teeSPL=..&snpSPL=..&ucodeSPL=.. (Turin: 8-byte hwID, fmcSPL). */
    public String vcekPath(Product product, SnpReport report) {
        Tcb tcb = Tcb.decode(report.reportedTcb(), product);
        byte[] hwId = product == Product.TURIN ? Arrays.copyOf(report.chipId(), 8) : report.chipId();
        String query = (product == Product.TURIN ? "fmcSPL=" + tcb.fmc() + "&" : "")
                + "blSPL=" + tcb.bootloader() + "&teeSPL=" + tcb.tee() + "&snpSPL=" + tcb.snp() + "&ucodeSPL="
                + tcb.microcode();
        return "/vcek/v1/" + product.displayName() + "/" + Hex.of(hwId) + "?" + query;
    }

    /** The ASK+ARK chain for VCEKs, or the ASVK+ARK chain for VLEKs (VLEKs themselves come from the cloud). */
    public String certChainPath(Product product, SigningKey key) {
        return (key == SigningKey.VLEK ? "/vlek/v1/" : "/vcek/v1/") + product.displayName() + "/cert_chain";
    }

    /**
     * What verifying {@code report} still lacks from KDS, given the certificates at hand: the VCEK when the
     * report is VCEK-signed and none is given (VLEKs come from the cloud provider, never from KDS), and the
     * ASK+ARK or ASVK+ARK chain.
     */
    public List<X509Certificate> missing(SnpReport report, Product product, List<X509Certificate> given)
            throws IOException, ParseException {
        List<X509Certificate> out = new ArrayList<>();
        boolean hasVcek = given.stream().anyMatch(c -> Certificates.commonName(c.getSubjectX500Principal())
                .equals("SEV-VCEK"));
        if (report.signingKey() == SigningKey.VCEK && !hasVcek) {
            out.addAll(Certificates.read(fetch(vcekPath(product, report))));
        }
        out.addAll(Certificates.read(fetch(certChainPath(product, report.signingKey()))));
        return out;
    }

    /** The bytes at {@code path}, from the cache or else from KDS (then cached). */
    public byte[] fetch(String path) throws IOException {
        Path cached = cache.resolve(path.substring(1).replaceAll("[^A-Za-z0-9._-]", "_"));
        if (Files.exists(cached)) {
            return Files.readAllBytes(cached);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + request.uri(), e);
        }
        if (response.statusCode() == 429 || response.statusCode() == 503) {
            throw new IOException("KDS is rate limiting (HTTP " + response.statusCode() + "); retry after "
                    + response.headers().firstValue("Retry-After").orElse("a while") + " seconds: " + request.uri());
        }
        if (response.statusCode() != 200) {
            throw new IOException("KDS answered HTTP " + response.statusCode() + " for " + request.uri());
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempFile(cache, ".kds", ".tmp");
        Files.write(tmp, response.body());
        Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return response.body();
    }
}
