package io.dcloud.cli.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.dcloud.cli.RunningCommand;
import io.dcloud.sni.testing.Backend;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcloud forward run --config FILE}, in-process: a mapping forwards to an echo backend, and rewriting the file
 * opens the new mapping's port and closes the old one without a restart.
 */
class ForwardRunCommandIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    /**
     * A port free right now. The file needs the port before the forwarder binds it, and the command does not print the
     * ports it bound; another process could take it in between, which on a test machine's loopback does not happen.
     */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static String mappings(int listenPort, Backend backend) {
        return "mappings:\n  - { listen: \"127.0.0.1:" + listenPort + "\", backend: \"" + backend.address()
                + "\", protocol: tcp }\n";
    }

    private static void echoes(int port, String text) throws IOException {
        try (Socket s = new Socket(LOOPBACK, port)) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            s.getOutputStream().write(bytes);
            assertArrayEquals(bytes, Backend.readExactly(s, bytes.length));
        }
    }

    @Test
    void forwardsAndFollowsTheRewrittenFile() throws Exception {
        int first = freePort();
        int second = freePort();
        try (Backend echo = new Backend(true)) {
            Path file = Files.writeString(dir.resolve("forward.yaml"), mappings(first, echo));
            try (RunningCommand forward = RunningCommand.start("forward", "run", "--config", file.toString())) {
                forward.awaitOutput(Pattern.compile("1 mappings open"));
                echoes(first, "through the first");

                Files.writeString(file, mappings(second, echo));
                awaitOpen(second);
                echoes(second, "through the second");
                assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, first).close(), "the old port closed");

                assertEquals(0, forward.stop());
            }
            assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, second).close(), "stopped");
        }
    }

    /** The file is polled once a second: retries, bounded, until the new port accepts. */
    private static void awaitOpen(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                new Socket(LOOPBACK, port).close();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    fail("port " + port + " did not open within 15 s of rewriting the file: " + e);
                }
                Thread.sleep(100);
            }
        }
    }
}
