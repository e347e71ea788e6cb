package io.dcloud.ledger;

import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * A real anvil with the marketplace deployed by dev account 0 (governance); accounts 1..3 are funded with 1,000,000
 * test DCT each; account 4 is the treasury and never signs.
 */
public final class TestChain implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    public static final BigInteger FUNDS = new BigInteger("1000000000000000");
    public static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

    private AnvilNode anvil;
    private final Deployment deployment;
    private final DevRpc rpc;

    private TestChain(AnvilNode anvil, Deployment deployment) {
        this.anvil = anvil;
        this.deployment = deployment;
        this.rpc = new DevRpc(anvil.rpcUrl());
    }

    public static TestChain start() {
        return start(Optional.empty());
    }

    public static TestChain start(Optional<Path> stateFile) {
        AnvilNode anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, CHAIN_ID, stateFile);
        try (LedgerSession governance = session(anvil.rpcUrl(), 0)) {
            List<String> funded = List.of(address(1), address(2), address(3));
            Deployment deployment = new Deployer(governance).deployForTests(anvil.rpcUrl(), address(4), funded, FUNDS);
            return new TestChain(anvil, deployment);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    public static String address(int devAccount) {
        return Credentials.create(AnvilNode.DEV_KEYS.get(devAccount)).getAddress();
    }

    public static LedgerSession session(String rpcUrl, int devAccount) {
        return LedgerSession.connect(rpcUrl, Credentials.create(AnvilNode.DEV_KEYS.get(devAccount)), RECEIPT_TIMEOUT);
    }

    public LedgerSession session(int devAccount) {
        return session(anvil.rpcUrl(), devAccount);
    }

    public Marketplace marketplace(LedgerSession session) {
        return new Marketplace(session, deployment);
    }

    public Deployment deployment() {
        return deployment;
    }

    public AnvilNode anvil() {
        return anvil;
    }

    /** Stops anvil and starts it again on the same port from its state file: an RPC outage and recovery. */
    public void stopAnvil() {
        anvil.close();
    }

    public void restartAnvil() {
        anvil = anvil.restart();
    }

    /** Moves chain time forward and mines a block at the new time. */
    public void advance(long seconds) {
        rpc.advance(seconds);
    }

    public void mine() {
        rpc.mine();
    }

    public void mineAt(long timestamp) {
        rpc.mineAt(timestamp);
    }

    public void setAutomine(boolean on) {
        rpc.setAutomine(on);
    }

    public void freezeBlockTime() {
        rpc.freezeBlockTime();
    }

    public void unfreezeBlockTime() {
        rpc.unfreezeBlockTime();
    }

    public int pendingTransactions() {
        return rpc.pendingTransactions();
    }

    public String snapshot() {
        return rpc.snapshot();
    }

    public void revert(String snapshot) {
        rpc.revert(snapshot);
    }

    @Override
    public void close() {
        anvil.close();
    }
}
