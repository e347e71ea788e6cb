package io.dcloud.sni.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real {@code openssl s_server -www} on an ephemeral loopback port, answering with its own certificate. */
public final class OpenSslServer implements AutoCloseable {
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");
    private final Process process;
    private final int port;

    public OpenSslServer(TestCert cert) throws Exception {
        this(cert, "127.0.0.1");
    }

    /** @param host the loopback address to listen on, e.g. {@code [::1]} */
    public OpenSslServer(TestCert cert, String host) throws Exception {
        process = new ProcessBuilder(List.of(
                        "openssl",
                        "s_server",
                        "-accept",
                        host + ":0",
                        "-cert",
                        cert.cert().toString(),
                        "-key",
                        cert.key().toString(),
                        "-www"))
                .redirectErrorStream(true)
                .start();
        BlockingQueue<Integer> found = new ArrayBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = ACCEPT.matcher(line);
                    if (m.find()) {
                        found.offer(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                // The process ended; the port wait below reports it.
            }
        });
        Integer p = found.poll(20, TimeUnit.SECONDS);
        if (p == null) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl s_server did not report its port");
        }
        port = p;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
