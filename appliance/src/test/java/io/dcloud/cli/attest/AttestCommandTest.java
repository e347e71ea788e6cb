package io.dcloud.cli.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `dcloud attest verify` on the recorded vectors: JSON shape, exit codes, help. */
class AttestCommandTest {

    static final Path V = Path.of(System.getProperty("dcloud.shared.dir", "../testdata"), "attestation", "vectors");

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AttestCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void verifiedSnpReportGivesTheIssuesJson() throws Exception {
        Run r = run(
                "verify",
                "--evidence",
                V.resolve("snp/virtee-sev/report_milan.hex").toString(),
                "--cert",
                V.resolve("snp/virtee-sev/cert_chain_milan.pem").toString(),
                "--cert",
                V.resolve("snp/virtee-sev/vcek_milan.der").toString(),
                "--at",
                "2025-01-01T00:00:00Z",
                "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("sev-snp", j.get("tee").asText());
        assertEquals("verified", j.get("verdict").asText());
        assertTrue(j.get("checks").size() > 5);
        JsonNode first = j.get("checks").get(0);
        assertTrue(first.has("name") && first.has("ok") && first.has("reason"));
        JsonNode c = j.get("claims");
        assertEquals(2, c.get("version").asInt());
        assertEquals("Milan", c.get("product").asText());
        assertEquals(8, c.get("reportedTcb").get("snp").asInt());
        assertEquals("vcek", c.get("signingKey").asText());
        assertEquals(0, c.get("vmpl").asInt());
        assertTrue(c.get("chipId").asText().startsWith("d49554ec717f4e5b"));
        assertTrue(c.get("measurement").asText().startsWith("7a1e5c266c0108db"));
        for (String k : new String[] {"debug", "migrateMa", "smt", "singleSocket"}) {
            assertTrue(c.get("policy").has(k), k);
        }
        assertTrue(c.has("reportData") && c.has("hostData"));
    }

    @Test
    void debugReportIsRejectedWithExitOneUnlessAllowed() {
        String[] base = {
            "verify",
            "--evidence",
            V.resolve("snp/go-sev-guest/attestation.bin").toString(),
            "--cert",
            V.resolve("snp/go-sev-guest/vcek.der").toString(),
            "--at",
            "2025-01-01T00:00:00Z"
        };
        Run rejected = run(base);
        assertEquals(1, rejected.exit());
        assertTrue(rejected.out().contains("FAIL policy.debug"), rejected.out());
        String[] allowed = java.util.Arrays.copyOf(base, base.length + 3);
        allowed[base.length] = "--allow-debug";
        allowed[base.length + 1] = "--nonce=0102030405";
        allowed[base.length + 2] = "--nonce-binding=raw";
        assertEquals(0, run(allowed).exit());
    }

    @Test
    void tdxQuoteWithCollateralReportsNoMatchingLevel() throws Exception {
        Run r = run(
                "verify",
                "--evidence",
                V.resolve("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat").toString(),
                "--collateral",
                V.resolve("tdx/go-tdx-guest").toString(),
                "--at",
                "2023-07-01T00:00:00Z",
                "--json");
        assertEquals(1, r.exit());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("tdx", j.get("tee").asText());
        assertEquals("rejected", j.get("verdict").asText());
        JsonNode c = j.get("claims");
        assertEquals("50806f000000", c.get("fmspc").asText());
        assertTrue(c.get("tcbStatus").isNull());
        for (String k : new String[] {
            "version", "mrTd", "rtmr0", "rtmr3", "mrConfigId", "reportData", "tdAttributes", "teeTcbSvn"
        }) {
            assertTrue(c.has(k), k);
        }
        Run plain = run(
                "verify",
                "--evidence",
                V.resolve("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat").toString(),
                "--at",
                "2023-07-01T00:00:00Z");
        assertEquals(0, plain.exit(), plain.out());
    }

    @Test
    void unusableInputExitsTwo(@TempDir Path tmp) throws Exception {
        Path junk = Files.write(tmp.resolve("junk"), new byte[] {1, 2, 3});
        Run r = run("verify", "--evidence", junk.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown_format"), r.err());
        assertEquals(
                2,
                run("verify", "--evidence", tmp.resolve("missing").toString()).exit());
        assertEquals(
                2,
                run("verify", "--evidence", junk.toString(), "--nonce", "xyz").exit());
    }

    @Test
    void onlineFetchesTheMissingVcekAndChainFromKds(@TempDir Path cache) throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer kds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        kds.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            Path file = path.equals("/vcek/v1/Milan/cert_chain")
                    ? V.resolve("snp/virtee-sev/cert_chain_milan.pem")
                    : path.startsWith("/vcek/v1/Milan/d49554ec717f4e5b")
                            ? V.resolve("snp/virtee-sev/vcek_milan.der")
                            : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        kds.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + kds.getAddress().getPort());
            String[] args = {
                "verify",
                "--evidence",
                V.resolve("snp/virtee-sev/report_milan.hex").toString(),
                "--product",
                "Milan",
                "--at",
                "2025-01-01T00:00:00Z",
                "--online",
                "--kds-cache",
                cache.toString()
            };
            Run offline = run(args[0], args[1], args[2], args[3], args[4], args[5], args[6]);
            assertEquals(1, offline.exit(), offline.out());
            assertTrue(offline.out().contains("FAIL snp.endorsement-key"), offline.out());

            Run online = runWithKds(base, args);
            assertEquals(0, online.exit(), online.out() + online.err());
            assertEquals(2, requests.size(), requests.toString());
            assertTrue(requests.contains("/vcek/v1/Milan/cert_chain"), requests.toString());
            // The answers are cached: a second run does not ask KDS again.
            assertEquals(0, runWithKds(base, args).exit());
            assertEquals(2, requests.size(), requests.toString());
        } finally {
            kds.stop(0);
        }
    }

    /** Like {@link #run} with the verify command's KDS pointed at {@code base}. */
    static Run runWithKds(URI base, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof VerifyCommand verify) {
                    verify.kdsBase = base;
                }
                return made;
            }
        };
        CommandLine cli = new CommandLine(new AttestCommand(), factory).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsThePolicyFlags() {
        Run r = run("verify", "--help");
        assertEquals(0, r.exit());
        for (String flag : new String[] {
            "--allow-debug",
            "--vmpl",
            "--allow-migration-agent",
            "--min-tcb",
            "--measurement",
            "--host-data",
            "--id-key-digest",
            "--mrtd",
            "--rtmr",
            "--mrconfigid",
            "--nonce",
            "--nonce-binding",
            "--tcb-status"
        }) {
            assertTrue(r.out().contains(flag), flag);
        }
        assertTrue(r.out().contains("SHA-512(nonce)"));
    }

    @Test
    void reportAndPlatformSayWhatIsMissing(@TempDir Path tmp) {
        Run report =
                run("report", "--nonce", "00", "--out", tmp.resolve("e.json").toString());
        assertEquals(1, report.exit());
        assertTrue(report.err().contains("not a confidential guest"), report.err());
        assertTrue(Files.notExists(tmp.resolve("e.json")));
        Run platform = run("platform");
        assertEquals(0, platform.exit());
        assertTrue(platform.out().contains("sev-snp: not available"), platform.out());
        assertTrue(platform.out().contains("tdx: not available"), platform.out());
    }
}
