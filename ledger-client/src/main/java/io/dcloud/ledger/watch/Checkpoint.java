package io.dcloud.ledger.watch;

/**
 * How far delivery got: every marketplace log up to and including ({@code block}, {@code logIndex}) was handled.
 * {@code blockHash} is that block's hash as seen then; when the chain no longer has it, a reorg happened.
 *
 * @param logIndex the last handled log of {@code block}, or {@link #WHOLE_BLOCK} when all of it was handled
 * @param blockHash null only before anything was scanned
 */
public record Checkpoint(long block, long logIndex, String blockHash) {
    public static final long WHOLE_BLOCK = Long.MAX_VALUE;

    /** Nothing handled yet: scanning starts at {@code startBlock}. */
    public static Checkpoint before(long startBlock) {
        return new Checkpoint(startBlock - 1, WHOLE_BLOCK, null);
    }

    /** Whether a log at this position was already handled. */
    public boolean covers(long logBlock, long index) {
        return logBlock < block || (logBlock == block && index <= logIndex);
    }

    /** The first block that may still hold unhandled logs. */
    public long nextBlock() {
        return logIndex == WHOLE_BLOCK ? block + 1 : block;
    }
}
