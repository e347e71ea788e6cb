package io.dcloud.ledger.watch;

/**
 * Receives marketplace events in chain order. Must be idempotent: after a crash, a reorg or a handler failure the
 * same event comes again. Throwing stops delivery at this event; it is retried with backoff.
 */
@FunctionalInterface
public interface MarketEventHandler {
    void handle(MarketEvent event) throws Exception;
}
