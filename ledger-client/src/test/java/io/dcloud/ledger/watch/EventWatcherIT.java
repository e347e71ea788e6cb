package io.dcloud.ledger.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.market.OfferKind;
import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.ledger.market.ProviderProfile;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.http.HttpService;

/** The watcher against a real anvil: checkpoints, confirmations, a reorg, an RPC outage, duplicate delivery. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventWatcherIT {
    static final WatchOptions IMMEDIATE = new WatchOptions(0, 8, 1_000, Duration.ofMillis(50), Duration.ofMillis(400));

    @TempDir
    static Path dir;

    TestChain chain;
    Web3j web3j;
    BigInteger offerId;

    @BeforeAll
    void start() {
        chain = TestChain.start(Optional.of(dir.resolve("anvil-state.json")));
        web3j = Web3j.build(new HttpService(chain.anvil().rpcUrl()));
        try (LedgerSession provider = chain.session(1)) {
            var market = chain.marketplace(provider);
            market.registerProvider(new ProviderProfile("P", "P Ltd", "p@x", "DE", "", "p.example", new byte[0]));
            offerId = market.publishOffer(new OfferTerms(
                            OfferKind.STANDARD, 2, 2048, 20, 0, "", 100, "eu", BigInteger.TEN, 1, 100, 1000))
                    .id();
        }
    }

    @AfterAll
    void stop() {
        web3j.shutdown();
        chain.close();
    }

    @Test
    void resumesFromItsCheckpointWithoutRedelivering() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("resume.checkpoint"));
        long start = head() + 1;
        Recorder first = new Recorder();
        EventWatcher watcher = new EventWatcher(web3j, market(), start, store, IMMEDIATE, first);
        rent("alpha");
        drain(watcher);
        assertEquals(List.of("alpha"), first.labels());

        rent("beta");
        Recorder second = new Recorder();
        EventWatcher restarted = new EventWatcher(web3j, market(), start, store, IMMEDIATE, second);
        assertEquals(watcher.checkpoint(), restarted.checkpoint());
        drain(restarted);
        assertEquals(List.of("beta"), second.labels());
        assertEquals(List.of(TestChain.address(1)), second.providers(), "rental events name their provider");
    }

    @Test
    void waitsForConfirmations() throws Exception {
        WatchOptions twoConfirmations = new WatchOptions(2, 8, 1_000, Duration.ofMillis(50), Duration.ofMillis(400));
        Recorder recorder = new Recorder();
        EventWatcher watcher = new EventWatcher(
                web3j,
                market(),
                head() + 1,
                new CheckpointStore(dir.resolve("confirm.checkpoint")),
                twoConfirmations,
                recorder);
        rent("gamma");
        assertEquals(0, watcher.pollOnce());
        chain.mine();
        assertEquals(0, watcher.pollOnce());
        chain.mine();
        drain(watcher);
        assertEquals(List.of("gamma"), recorder.labels());
    }

    @Test
    void redeliversAfterAReorg() throws Exception {
        Recorder recorder = new Recorder();
        EventWatcher watcher = new EventWatcher(
                web3j, market(), head() + 1, new CheckpointStore(dir.resolve("reorg.checkpoint")), IMMEDIATE, recorder);
        String snapshot = chain.snapshot();
        rent("orphaned");
        drain(watcher);
        Checkpoint beforeReorg = watcher.checkpoint();

        chain.revert(snapshot);
        rent("canonical");
        chain.mine();
        drain(watcher);
        assertEquals(List.of("orphaned", "canonical"), recorder.labels());
        assertFalse(beforeReorg.blockHash().equals(blockHashAt(beforeReorg.block())), "the block was replaced");
    }

    @Test
    void retriesWithBackoffWhileTheEndpointIsDown() throws Exception {
        Recorder recorder = new Recorder();
        try (EventWatcher watcher = new EventWatcher(
                web3j,
                market(),
                head() + 1,
                new CheckpointStore(dir.resolve("outage.checkpoint")),
                IMMEDIATE,
                recorder)) {
            watcher.start();
            rent("before-outage");
            await(() -> recorder.labels().contains("before-outage"), "event before the outage");

            chain.stopAnvil();
            await(() -> watcher.failures() > 0, "the watcher noticing the outage");
            chain.restartAnvil();
            rent("after-outage");
            await(() -> recorder.labels().contains("after-outage"), "event after the outage");
            assertEquals(
                    1, recorder.labels().stream().filter("after-outage"::equals).count());
        }
    }

    @Test
    void duplicateDeliveryIsHarmless() throws Exception {
        Map<BigInteger, String> vms = new ConcurrentHashMap<>();
        List<BigInteger> deliveries = new CopyOnWriteArrayList<>();
        boolean[] crashOnce = {true};
        MarketEventHandler idempotent = event -> {
            var requested = event.rentalRequested();
            if (requested.isEmpty()) {
                return;
            }
            deliveries.add(requested.get().rentalId);
            vms.put(requested.get().rentalId, requested.get().label);
            if (crashOnce[0]) {
                crashOnce[0] = false;
                throw new IllegalStateException("crash after the side effect, before the checkpoint");
            }
        };
        EventWatcher watcher = new EventWatcher(
                web3j, market(), head() + 1, new CheckpointStore(dir.resolve("dup.checkpoint")), IMMEDIATE, idempotent);
        BigInteger id = rent("delta");
        assertThrows(IllegalStateException.class, watcher::pollOnce);
        drain(watcher);
        assertEquals(List.of(id, id), deliveries, "delivered again after the failure");
        assertEquals(Map.of(id, "delta"), vms, "the second delivery changed nothing");
    }

    private BigInteger rent(String label) {
        try (LedgerSession tenant = chain.session(2)) {
            return chain.marketplace(tenant)
                    .rent(offerId, 1, "ssh-ed25519 AAAA t@x", label)
                    .id();
        }
    }

    private String market() {
        return chain.deployment().market();
    }

    private long head() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private String blockHashAt(long number) throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send()
                .getBlock()
                .getHash();
    }

    private static void drain(EventWatcher watcher) throws Exception {
        for (int i = 0; i < 100 && watcher.pollOnce() > 0; i++) {
            // Each poll covers at most maxBlocksPerQuery blocks; keep going until caught up.
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Records the labels of RentalRequested events in delivery order. */
    static final class Recorder implements MarketEventHandler {
        private final List<String> labels = new CopyOnWriteArrayList<>();
        private final List<String> providers = new CopyOnWriteArrayList<>();

        @Override
        public void handle(MarketEvent event) {
            event.rentalRequested().ifPresent(r -> {
                labels.add(r.label);
                providers.add(event.provider().orElseThrow());
            });
        }

        List<String> providers() {
            return List.copyOf(providers);
        }

        List<String> labels() {
            return List.copyOf(labels);
        }
    }
}
