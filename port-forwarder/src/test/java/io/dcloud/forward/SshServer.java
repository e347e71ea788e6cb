package io.dcloud.forward;

import io.dcloud.sni.testing.Proc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on a loopback port, with its own host key, client key and config in a temp
 * directory ({@code sshd -D -f}), accepting only that client key for the current user.
 */
final class SshServer implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    SshServer(Path dir) throws Exception {
        this.dir = dir;
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd runs as root and checks the privilege separation directory exists.
        Files.createDirectories(Path.of("/run/sshd"));
        port = freePort();
        Path config = Files.writeString(
                dir.resolve("sshd_config"),
                String.join(
                        "\n",
                        "ListenAddress 127.0.0.1:" + port,
                        "HostKey " + dir.resolve("host_key"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "PidFile " + dir.resolve("sshd.pid"),
                        "StrictModes no",
                        "UsePAM no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        "LogLevel ERROR",
                        ""));
        process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        awaitListening();
    }

    int port() {
        return port;
    }

    /** The ssh command line for running {@code command} on the given port as the current user. */
    List<String> ssh(int viaPort, String command) {
        List<String> cmd = new ArrayList<>(List.of(
                "ssh",
                "-p",
                Integer.toString(viaPort),
                "-i",
                dir.resolve("client_key").toString(),
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "ConnectTimeout=10",
                "-o",
                "LogLevel=ERROR",
                System.getProperty("user.name") + "@127.0.0.1",
                command));
        return cmd;
    }

    private static void keygen(Path key) throws Exception {
        Proc p = Proc.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), "", 30);
        if (p.exit() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + p.out());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(
                "sshd did not listen within 15 s: " + Files.readString(dir.resolve("sshd.log")));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
