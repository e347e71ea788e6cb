package io.dcloud.appliance.acme;

import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.appliance.api.tls.TrustedCas;
import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Debian's pebble and pebble-challtestsrv as child processes on free loopback ports: the challenge
 * server is only pebble's DNS (every name is 127.0.0.1), HTTP-01 goes to {@code httpPort}.
 */
final class PebbleServer implements AutoCloseable {
    static final Path PEBBLE = Path.of("/usr/bin/pebble");
    static final Path CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private SSLContext trust;
    private Path caFile;
    private int acmePort;
    private int managementPort;

    private PebbleServer(Path dir) {
        this.dir = dir;
    }

    static boolean installed() {
        return Files.isExecutable(PEBBLE) && Files.isExecutable(CHALLTESTSRV);
    }

    /** Starts both processes, validating HTTP-01 against 127.0.0.1:{@code httpPort}. */
    static PebbleServer start(Path dir, int httpPort) throws Exception {
        var server = new PebbleServer(dir);
        try {
            server.launch(httpPort);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void launch(int httpPort) throws Exception {
        var caKeys = ecKeys();
        var ca = certificate("CN=dcloud pebble test CA", caKeys, "CN=dcloud pebble test CA", caKeys, true);
        var leafKeys = ecKeys();
        var leaf = certificate("CN=localhost", leafKeys, "CN=dcloud pebble test CA", caKeys, false);
        Path certFile = dir.resolve("pebble.crt");
        Path keyFile = dir.resolve("pebble.key");
        PemFiles.writeAtomically(certFile, leaf, false);
        PemFiles.writeAtomically(keyFile, leafKeys.getPrivate(), true);
        caFile = dir.resolve("pebble-ca.pem");
        PemFiles.writeAtomically(caFile, ca, false);
        trust = TrustedCas.of(List.of(ca));

        int dnsPort = freeTcpAndUdpPort();
        int challManagementPort = freeTcpPort();
        acmePort = freeTcpPort();
        managementPort = freeTcpPort();
        Path config = dir.resolve("pebble.json");
        Files.writeString(config, """
                {"pebble": {
                  "listenAddress": "127.0.0.1:%d",
                  "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s",
                  "privateKey": "%s",
                  "httpPort": %d,
                  "tlsPort": %d,
                  "ocspResponderURL": "",
                  "externalAccountBindingRequired": false
                }}
                """.formatted(acmePort, managementPort, certFile, keyFile, httpPort, freeTcpPort()));

        launch(
                "challtestsrv",
                new ProcessBuilder(
                        CHALLTESTSRV.toString(),
                        "-dns01",
                        "127.0.0.1:" + dnsPort,
                        "-http01",
                        "",
                        "-https01",
                        "",
                        "-tlsalpn01",
                        "",
                        "-management",
                        "127.0.0.1:" + challManagementPort,
                        "-defaultIPv4",
                        "127.0.0.1",
                        "-defaultIPv6",
                        ""));
        awaitPort("pebble-challtestsrv", challManagementPort);

        var pebble = new ProcessBuilder(
                PEBBLE.toString(), "-config", config.toString(), "-dnsserver", "127.0.0.1:" + dnsPort);
        pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pebble.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
        pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        pebble.environment().put("PEBBLE_AUTHZREUSE", "0");
        launch("pebble", pebble);
        awaitPort("pebble", acmePort);
        awaitPort("pebble management", managementPort);
    }

    URI directory() {
        return URI.create("https://127.0.0.1:" + acmePort + "/dir");
    }

    SSLContext trust() {
        return trust;
    }

    /** The CA of pebble's own HTTPS listener, as PEM (what an appliance config's acme.trust-file names). */
    Path caFile() {
        return caFile;
    }

    /** The root pebble issues under; it is made anew on every start. */
    X509Certificate issuingRoot() throws IOException, InterruptedException {
        try (var client = HttpClient.newBuilder().sslContext(trust).build()) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + "/roots/0"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("pebble /roots/0 answered " + response.statusCode());
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(response.body()));
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("pebble /roots/0 is no certificate", e);
        }
    }

    /** The processes' output, for failure messages. */
    String logs() {
        var text = new StringBuilder();
        for (String name : List.of("challtestsrv", "pebble")) {
            try {
                text.append("--- ")
                        .append(name)
                        .append('\n')
                        .append(Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    private void launch(String name, ProcessBuilder builder) throws IOException {
        builder.redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        processes.add(builder.start());
    }

    private void awaitPort(String what, int port) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException(what + " is not running (exit " + process.exitValue() + ")\n" + logs());
                }
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException(
                            what + " did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT + "\n" + logs());
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static int freeTcpPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The DNS server listens on both UDP and TCP at the same port. */
    private static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freeTcpPort();
            try (var udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // try another ephemeral port
            }
        }
        throw new IOException("no loopback port free for both TCP and UDP");
    }

    private static KeyPair ecKeys() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(
            String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()).shiftLeft(8).add(BigInteger.valueOf(ca ? 1 : 2)),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))),
                new X500Name(subject),
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
