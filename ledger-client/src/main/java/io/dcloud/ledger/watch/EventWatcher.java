package io.dcloud.ledger.watch;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Delivers the marketplace's events to a handler, at least once and in chain order, across restarts, reorgs and RPC
 * outages. It polls {@code eth_getLogs} for confirmed blocks only, persists a {@link Checkpoint} after every handled
 * log, and before each poll checks that the checkpoint's block is still on the chain; if not, it rewinds
 * {@code rescanBlocks} and delivers again (handlers are idempotent, so re-delivery is harmless and nothing is lost).
 */
public final class EventWatcher implements AutoCloseable {
    private static final Map<String, String> EVENT_NAMES = eventNames();

    private final Web3j web3j;
    private final String market;
    private final long startBlock;
    private final CheckpointStore store;
    private final WatchOptions options;
    private final MarketEventHandler handler;
    private final AtomicLong failures = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private volatile boolean running;
    private volatile Throwable lastError;
    private Thread loop;
    private Checkpoint checkpoint;

    public EventWatcher(
            Web3j web3j,
            String market,
            long startBlock,
            CheckpointStore store,
            WatchOptions options,
            MarketEventHandler handler) {
        this.web3j = web3j;
        this.market = market;
        this.startBlock = startBlock;
        this.store = store;
        this.options = options;
        this.handler = handler;
        this.checkpoint = store.load().orElse(Checkpoint.before(startBlock));
    }

    /**
     * One poll: detects a reorg, then delivers the logs of up to {@code maxBlocksPerQuery} confirmed blocks.
     *
     * @return how many events were delivered
     * @throws IOException when the endpoint cannot be reached (nothing is lost: the next poll resumes)
     * @throws Exception what the handler threw (the event is delivered again next time)
     */
    public synchronized int pollOnce() throws Exception {
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        rewindIfReorganized();
        long safe = head - options.confirmations();
        long from = checkpoint.nextBlock();
        if (from > safe) {
            return 0;
        }
        long to = Math.min(safe, from + options.maxBlocksPerQuery() - 1);
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                market);
        EthLog result = web3j.ethGetLogs(filter).send();
        if (result.hasError()) {
            throw new IOException("eth_getLogs failed: " + result.getError().getMessage());
        }
        List<Log> logs = result.getLogs().stream()
                .map(l -> (Log) l.get())
                .filter(l -> !l.isRemoved())
                .sorted(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex))
                .toList();
        int delivered = 0;
        for (Log log : logs) {
            long block = log.getBlockNumber().longValueExact();
            long index = log.getLogIndex().longValueExact();
            if (checkpoint.covers(block, index)) {
                continue;
            }
            String name = EVENT_NAMES.getOrDefault(log.getTopics().getFirst(), "Unknown");
            handler.handle(new MarketEvent(name, log));
            advance(new Checkpoint(block, index, log.getBlockHash()));
            delivered++;
        }
        advance(new Checkpoint(to, Checkpoint.WHOLE_BLOCK, blockHash(to)));
        return delivered;
    }

    private void rewindIfReorganized() throws IOException {
        if (checkpoint.blockHash() == null || checkpoint.blockHash().equals(blockHash(checkpoint.block()))) {
            return;
        }
        long back = Math.max(startBlock - 1, checkpoint.block() - options.rescanBlocks());
        advance(
                back < startBlock
                        ? Checkpoint.before(startBlock)
                        : new Checkpoint(back, Checkpoint.WHOLE_BLOCK, blockHash(back)));
    }

    private String blockHash(long number) throws IOException {
        EthBlock.Block block = web3j.ethGetBlockByNumber(
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send()
                .getBlock();
        return block == null ? null : block.getHash();
    }

    private void advance(Checkpoint next) {
        store.save(next);
        checkpoint = next;
    }

    /** Polls in a background thread until {@link #close()}: at the poll interval, with backoff while failing. */
    public void start() {
        running = true;
        loop = Thread.ofPlatform().name("ledger-event-watcher").daemon().start(this::run);
    }

    private void run() {
        Duration backoff = options.pollInterval();
        while (running) {
            Duration pause;
            try {
                int delivered = pollOnce();
                backoff = options.pollInterval();
                pause = delivered > 0 ? Duration.ZERO : options.pollInterval();
            } catch (Exception e) {
                lastError = e;
                failures.incrementAndGet();
                pause = backoff;
                backoff = min(backoff.multipliedBy(2), options.maxBackoff());
            }
            pauseFor(pause);
        }
    }

    private void pauseFor(Duration pause) {
        lock.lock();
        try {
            if (running && !pause.isZero()) {
                stopped.awaitNanos(pause.toNanos());
            }
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The position delivery has reached. */
    public synchronized Checkpoint checkpoint() {
        return checkpoint;
    }

    /** How many polls failed since start (an RPC outage shows here). */
    public long failures() {
        return failures.get();
    }

    /** The most recent failure, or null. */
    public Throwable lastError() {
        return lastError;
    }

    /** Stops the background loop and waits up to 30 s for the poll in progress to finish. */
    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        if (loop != null) {
            try {
                loop.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> eventNames() {
        Map<String, String> names = new HashMap<>();
        for (Field field : DcloudMarket.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Event.class) {
                try {
                    Event event = (Event) field.get(null);
                    names.put(EventEncoder.encode(event), event.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("generated wrapper field not readable: " + field, e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
