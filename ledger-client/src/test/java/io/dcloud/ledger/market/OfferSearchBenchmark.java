package io.dcloud.ledger.market;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: publishes N offers (default 10,000) on a fresh anvil, then times {@link Marketplace#search} (all offers
 * read through the {@code listings} view in pages of 500, filtered and ranked in Java). Run with
 * ledger-client/bench/offer-search.sh [N].
 */
public final class OfferSearchBenchmark {
    private OfferSearchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int offers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (TestChain chain = TestChain.start();
                LedgerSession provider = chain.session(1);
                LedgerSession tenant = chain.session(2);
                ExecutorService senders = Executors.newFixedThreadPool(8)) {
            Marketplace market = chain.marketplace(provider);
            market.registerProvider(MarketLifecycleIT.profile());
            OfferKind[] kinds = OfferKind.values();
            long publishStart = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < offers; i++) {
                int n = i;
                // Concurrent sends from one account: the session's nonce manager hands out consecutive nonces.
                sent.add(senders.submit(() -> market.publishOffer(new OfferTerms(
                        kinds[n % kinds.length],
                        1 + n % 64,
                        1024L * (1 + n % 256),
                        10L * (1 + n % 100),
                        kinds[n % kinds.length] == OfferKind.GPU ? 1 + n % 8 : 0,
                        kinds[n % kinds.length] == OfferKind.GPU ? "H100" : "",
                        1000,
                        List.of("eu-central", "us-east", "ap-south").get(n % 3),
                        BigInteger.valueOf(1_000_000L + 7919L * n % 1_000_000_000L),
                        1,
                        720,
                        1 + n % 4))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            System.out.printf("published %,d offers in %.1f s%n", offers, (System.nanoTime() - publishStart) / 1e9);

            Marketplace search = chain.marketplace(tenant);
            OfferQuery query = new OfferQuery(
                    Optional.of(OfferKind.SEV_SNP),
                    8,
                    16_384,
                    0,
                    0,
                    Optional.empty(),
                    Optional.of("eu-central"),
                    Optional.empty(),
                    BigInteger.ZERO,
                    OfferQuery.Sort.PRICE);
            for (int run = 1; run <= 5; run++) {
                long start = System.nanoTime();
                int all = search.listings().size();
                long read = System.nanoTime();
                int matches = search.search(query).size();
                long end = System.nanoTime();
                System.out.printf(
                        "run %d: read %,d listings in %.0f ms; filtered search (%d matches) in %.0f ms%n",
                        run, all, (read - start) / 1e6, matches, (end - read) / 1e6);
            }
        }
    }
}
