package io.dcloud.ledger.tx;

import java.time.Duration;

/**
 * A transaction was accepted by the node but no receipt came within the session's timeout: it is still pending and may
 * yet be mined, so the caller must check its state before sending it again.
 */
public final class ReceiptTimeout extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String transactionHash;

    ReceiptTimeout(String transactionHash, Duration timeout) {
        super("no receipt for transaction " + transactionHash + " within " + timeout.toSeconds()
                + " s: it is still pending and may yet be mined; check the ledger before sending again");
        this.transactionHash = transactionHash;
    }

    public String transactionHash() {
        return transactionHash;
    }
}
