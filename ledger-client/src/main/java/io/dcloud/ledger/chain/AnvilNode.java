package io.dcloud.ledger.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local EVM chain: anvil (npm {@code @foundry-rs/anvil-linux-amd64}, in the project's tools folder) on loopback.
 * Port 0 lets anvil pick a free port, read back from its "Listening on" line, so parallel tests never collide. With
 * a state file the chain survives restarts (anvil writes it on exit and loads it on start).
 */
public final class AnvilNode implements AutoCloseable {
    /** anvil's well-known development keys (mnemonic "test test ... junk"): for local chains and tests only. */
    public static final List<String> DEV_KEYS = List.of(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_SECONDS = 20;

    private final Process process;
    private final int port;
    private final Path binary;
    private final long chainId;
    private final Optional<Path> stateFile;

    private AnvilNode(Process process, int port, Path binary, long chainId, Optional<Path> stateFile) {
        this.process = process;
        this.port = port;
        this.binary = binary;
        this.chainId = chainId;
        this.stateFile = stateFile;
    }

    /**
     * Starts anvil on 127.0.0.1.
     *
     * @param binary the anvil executable (see {@link #locateBinary()})
     * @param port the port, 0 for any free one
     * @param chainId the chain id
     * @param stateFile where the chain state is kept across restarts, or empty for a throw-away chain
     */
    public static AnvilNode start(Path binary, int port, long chainId, Optional<Path> stateFile) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("anvil not found at " + binary
                    + " (install the npm tools: source scripts/lib/env.sh && dcloud_ensure_npm_tools)");
        }
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--chain-id",
                Long.toString(chainId),
                "--hardfork",
                "cancun"));
        stateFile.ifPresent(file -> command.addAll(List.of("--state", file.toString())));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            int listening = awaitPort(process);
            if (stateFile.isPresent()) {
                awaitGracefulStop(process);
            }
            return new AnvilNode(process, listening, binary, chainId, stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** The anvil of the project's tools folder: {@code dcloud.root.dir} property, DCLOUD_ROOT, or the working dir. */
    public static Path locateBinary() {
        String root = System.getProperty("dcloud.root.dir", System.getenv().getOrDefault("DCLOUD_ROOT", "."));
        return Path.of(root, "tools", "node_modules", ".bin", "anvil").toAbsolutePath();
    }

    private static int awaitPort(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("anvil exited before listening");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            int port = found.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // Keep draining anvil's output so it never blocks on a full pipe.
            Thread.ofVirtual().start(() -> out.lines().forEach(line -> {}));
            return port;
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("anvil did not start listening within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting anvil", e);
        }
    }

    /**
     * Returns once anvil catches SIGTERM. It prints "Listening on" before it installs that handler, and a SIGTERM in
     * between kills it without writing its state file (on a loaded machine 4 of 40 stops sent right after the line);
     * so a node with a state file counts as started only once a stop keeps its state.
     */
    private static void awaitGracefulStop(Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            Optional<Boolean> catches = CaughtSignals.catches(process.pid(), CaughtSignals.SIGTERM);
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "anvil exited right after it started listening (exit code " + process.exitValue() + ")");
            }
            if (catches.isEmpty() || catches.get()) {
                return; // caught, or a system without /proc that cannot tell
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("anvil did not catch SIGTERM within " + START_TIMEOUT_SECONDS
                        + " s of listening: stopping it would lose its state file");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // no event tells when a handler is installed
        }
    }

    public int port() {
        return port;
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Blocks until anvil exits (for {@code dcloud chain start} in the foreground). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Stops this node and starts anvil again on the same port with the same state file (an RPC outage). */
    public AnvilNode restart() {
        close();
        return start(binary, port, chainId, stateFile);
    }

    /** Stops anvil gracefully (SIGTERM, so it writes its state file), forcibly after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
