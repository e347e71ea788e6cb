package io.dcloud.cli.ledger;

import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.tx.LedgerKeys;
import io.dcloud.ledger.tx.LedgerSession;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import picocli.CommandLine.Option;

/** Where the marketplace is and who signs: shared by every ledger command. Keys are never printed. */
final class LedgerOptions {

    @Option(
            names = "--deployment",
            paramLabel = "FILE",
            description =
                    "Deployment file written by `dcloud chain deploy` (default: $DCLOUD_DEPLOYMENT or ${DEFAULT-VALUE}).",
            defaultValue = "${env:DCLOUD_DEPLOYMENT:-${sys:user.home}/.dcloud/deployment.json}")
    Path deployment;

    @Option(names = "--rpc", paramLabel = "URL", description = "JSON-RPC endpoint (default: the deployment's).")
    String rpc;

    @Option(
            names = "--key-env",
            paramLabel = "NAME",
            defaultValue = "DCLOUD_PRIVATE_KEY",
            description = "Environment variable holding the hex private key (default: ${DEFAULT-VALUE}).")
    String keyEnv;

    @Option(
            names = "--keystore",
            paramLabel = "FILE",
            description = "Encrypted JSON keystore (web3j wallet) to sign with.")
    Path keystore;

    @Option(
            names = "--password-env",
            paramLabel = "NAME",
            defaultValue = "DCLOUD_KEYSTORE_PASSWORD",
            description = "Environment variable holding the keystore password (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(
            names = "--dev-account",
            paramLabel = "N",
            description = "Sign with anvil's well-known development account N (0-4): local chains only.")
    Integer devAccount;

    @Option(
            names = "--receipt-timeout",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "How long to wait for a transaction receipt (default: ${DEFAULT-VALUE}).")
    long receiptTimeoutSeconds;

    Deployment deployment() {
        return Deployment.read(deployment);
    }

    String rpcUrl(Deployment d) {
        return rpc != null ? rpc : d.rpcUrl();
    }

    Credentials credentials() {
        if (devAccount != null) {
            if (devAccount < 0 || devAccount >= AnvilNode.DEV_KEYS.size()) {
                throw new IllegalArgumentException("--dev-account must be 0.." + (AnvilNode.DEV_KEYS.size() - 1));
            }
            return Credentials.create(AnvilNode.DEV_KEYS.get(devAccount));
        }
        if (keystore != null) {
            String password = System.getenv(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("set " + passwordEnv + " to the keystore password");
            }
            return LedgerKeys.fromKeystore(keystore, password);
        }
        return LedgerKeys.fromEnvironment(System.getenv(), keyEnv);
    }

    LedgerSession session(String rpcUrl) {
        return LedgerSession.connect(rpcUrl, credentials(), Duration.ofSeconds(receiptTimeoutSeconds));
    }

    /** Opens a session on the deployment's chain; the caller closes it. */
    Opened open() {
        Deployment d = deployment();
        LedgerSession session = session(rpcUrl(d));
        return new Opened(session, new Marketplace(session, d));
    }

    /**
     * For commands that only read: signs with the configured key if there is one, else with a throw-away key, so a
     * tenant can browse offers before having an account.
     */
    Opened openReadOnly() {
        boolean configured = devAccount != null || keystore != null || System.getenv(keyEnv) != null;
        if (configured) {
            return open();
        }
        Deployment d = deployment();
        try {
            LedgerSession session = LedgerSession.connect(
                    rpcUrl(d), Credentials.create(Keys.createEcKeyPair()), Duration.ofSeconds(receiptTimeoutSeconds));
            return new Opened(session, new Marketplace(session, d));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a throw-away key", e);
        }
    }

    record Opened(LedgerSession session, Marketplace market) implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }
}
