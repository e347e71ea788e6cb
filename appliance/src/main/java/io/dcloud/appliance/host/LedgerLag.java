package io.dcloud.appliance.host;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.web3j.protocol.Web3j;

/**
 * How many blocks the event watcher's checkpoint trails the chain head, read at each scrape: the head is asked of
 * the RPC endpoint then (bounded by {@code timeout}), so a watcher that stopped advancing shows a growing lag. While
 * the endpoint cannot answer the lag is unknown: NaN, the text format's "no value".
 */
public final class LedgerLag implements DoubleSupplier {
    private final Web3j web3j;
    private final LongSupplier checkpointBlock;
    private final Duration timeout;

    public LedgerLag(Web3j web3j, LongSupplier checkpointBlock, Duration timeout) {
        this.web3j = web3j;
        this.checkpointBlock = checkpointBlock;
        this.timeout = timeout;
    }

    @Override
    public double getAsDouble() {
        long head;
        try {
            head = web3j.ethBlockNumber()
                    .sendAsync()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getBlockNumber()
                    .longValueExact();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Double.NaN;
        }
        return Math.max(0, head - checkpointBlock.getAsLong());
    }
}
