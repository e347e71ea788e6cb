package io.dcloud.ledger.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the marketplace lives on a chain: what {@code dcloud chain deploy} writes and every other command and the
 * appliance read. {@code startBlock} is where event watchers begin scanning.
 *
 * @param rpcUrl the JSON-RPC endpoint used to deploy
 * @param chainId the chain id
 * @param token the DCT token contract
 * @param market the marketplace contract
 * @param treasury the treasury address
 * @param startBlock the block of the marketplace deployment
 * @param testToken whether the token is the pre-minting test token
 */
public record Deployment(
        String rpcUrl, long chainId, String token, String market, String treasury, long startBlock, boolean testToken) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads a deployment file, with an error that names the file. */
    public static Deployment read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "deployment file not found: " + file + " (run `dcloud chain deploy` or pass --deployment)");
        }
        try {
            return JSON.readValue(file.toFile(), Deployment.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("deployment file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Writes atomically: readers never see half a file. */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write deployment file " + file, e);
        }
    }
}
