package io.dcloud.appliance.api.tenant;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Debian's pebble-challtestsrv as a DNS server on a free loopback port whose TXT records a test sets through the
 * management API (the same tool pebble's ACME tests use for DNS-01).
 */
final class ChallTestDns implements AutoCloseable {
    static final Path CHALLTESTSRV = Path.of("/usr/bin/pebble-challtestsrv");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final int dnsPort;
    private final int managementPort;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChallTestDns(Process process, Path log, int dnsPort, int managementPort) {
        this.process = process;
        this.log = log;
        this.dnsPort = dnsPort;
        this.managementPort = managementPort;
    }

    static ChallTestDns start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHALLTESTSRV)) {
            throw new IOException(CHALLTESTSRV + " is missing: apt-get install pebble (scripts/test installs it)");
        }
        int dns = freeTcpAndUdpPort();
        int management = freeTcpPort();
        var log = dir.resolve("challtestsrv.log");
        var process = new ProcessBuilder(
                        CHALLTESTSRV.toString(),
                        "-dns01",
                        "127.0.0.1:" + dns,
                        "-management",
                        "127.0.0.1:" + management,
                        "-http01",
                        "",
                        "-https01",
                        "",
                        "-tlsalpn01",
                        "",
                        "-defaultIPv6",
                        "")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new ChallTestDns(process, log, dns, management);
        try {
            server.awaitManagement();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    InetSocketAddress dnsAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort);
    }

    /** Adds a TXT value at {@code host} (a name without trailing dot); challtestsrv keeps every value added. */
    void addTxt(String host, String value) throws IOException, InterruptedException {
        post("/set-txt", "{\"host\":\"" + host + ".\",\"value\":\"" + value + "\"}");
    }

    /** Removes every TXT value at {@code host}. */
    void clearTxt(String host) throws IOException, InterruptedException {
        post("/clear-txt", "{\"host\":\"" + host + ".\"}");
    }

    private void post(String path, String json) throws IOException, InterruptedException {
        var response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("challtestsrv " + path + " answered " + response.statusCode() + ": " + response.body()
                    + "\n" + logs());
        }
    }

    String logs() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitManagement() throws IOException, InterruptedException {
        var deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("pebble-challtestsrv exited (" + process.exitValue() + ")\n" + logs());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), managementPort), 500);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("pebble-challtestsrv did not listen within " + START_TIMEOUT + "\n" + logs());
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static int freeTcpPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The DNS server listens on UDP and TCP at the same port. */
    static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freeTcpPort();
            try (var udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return port;
            } catch (IOException taken) {
                // another ephemeral port then
            }
        }
        throw new IOException("no loopback port free for both TCP and UDP");
    }
}
