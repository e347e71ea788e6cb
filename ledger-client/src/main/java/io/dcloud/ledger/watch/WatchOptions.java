package io.dcloud.ledger.watch;

import java.time.Duration;

/**
 * @param confirmations a log is delivered once this many blocks were built on top of its block
 * @param rescanBlocks how far back delivery restarts when the checkpoint's block was reorganized away
 * @param maxBlocksPerQuery upper bound of one eth_getLogs range (public endpoints limit it)
 * @param pollInterval pause between polls once caught up
 * @param maxBackoff longest pause between retries while the endpoint fails (the pause doubles up to this)
 */
public record WatchOptions(
        int confirmations, int rescanBlocks, int maxBlocksPerQuery, Duration pollInterval, Duration maxBackoff) {
    public WatchOptions {
        if (confirmations < 0 || rescanBlocks < 1 || maxBlocksPerQuery < 1) {
            throw new IllegalArgumentException("confirmations >= 0, rescanBlocks >= 1, maxBlocksPerQuery >= 1");
        }
    }

    /** Sensible for a public chain: 3 confirmations, 64 blocks of re-scan, 2 s polls, up to 1 min backoff. */
    public static WatchOptions defaults() {
        return new WatchOptions(3, 64, 2_000, Duration.ofSeconds(2), Duration.ofMinutes(1));
    }
}
