package io.dcloud.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build check: recompiles the Solidity sources with the pinned solc (npm, JS API) and fails when the committed
 * ABI/bytecode in contracts/build no longer match them (the wrappers are generated from those files).
 */
class CompiledContractsTest {
    @Test
    void committedAbiAndBytecodeMatchTheSources() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("dcloud.root.dir", ".."));
        Path script = root.resolve("ledger-client/contracts/compile.js");
        Process node = new ProcessBuilder("node", script.toString(), "--check")
                .redirectErrorStream(true)
                .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(120, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("solc did not finish within 120 s");
        }
        assertEquals(0, node.exitValue(), output);
    }
}
