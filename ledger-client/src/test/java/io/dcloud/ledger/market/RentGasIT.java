package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The gas of {@code rent} grows with the SSH key and label, which its calldata and event carry, and is highest for the
 * first rental of a deployment (rental counter and escrow balance written from zero). The longest key the contract
 * accepts and the longest label must still stay under the 180,000 target there.
 */
class RentGasIT {
    static final int TARGET = 180_000;
    static final int MAX_KEY = 1600;
    static final String LONGEST_LABEL = "l".repeat(63);
    static final BigInteger PRICE = BigInteger.valueOf(36_000_000_000L);

    @Test
    void firstRentWithTheLongestKeyAndLabelStaysUnderTheTarget() throws IOException {
        try (TestChain chain = TestChain.start();
                LedgerSession providerSession = chain.session(1);
                LedgerSession tenantSession = chain.session(2)) {
            Marketplace provider = chain.marketplace(providerSession);
            Marketplace tenant = chain.marketplace(tenantSession);
            provider.registerProvider(MarketLifecycleIT.profile());
            BigInteger offer = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.STANDARD, PRICE, 5))
                    .id();
            String longest = keyOfLength(MAX_KEY);

            Marketplace.Created first = tenant.rent(offer, 1, longest, LONGEST_LABEL);
            long worst = first.receipt().getGasUsed().longValueExact();
            provider.reject(first.id());
            String rsa = MarketLifecycleIT.rsa4096Key();
            long rsaEmptyEscrow = gasOfRent(tenant, offer, rsa);
            long rsaSteady = gasOfRent(tenant, offer, rsa);
            long ed25519Steady = gasOfRent(tenant, offer, MarketLifecycleIT.SSH_KEY);
            System.out.printf(
                    "gas rent first of a deployment, %d-byte key, 63-char label: %,d%n"
                            + "gas rent RSA-4096 (%d bytes), 63-char label, empty escrow: %,d; afterwards %,d%n"
                            + "gas rent ed25519 (%d bytes), 63-char label, afterwards: %,d%n",
                    MAX_KEY,
                    worst,
                    rsa.length(),
                    rsaEmptyEscrow,
                    rsaSteady,
                    MarketLifecycleIT.SSH_KEY.length(),
                    ed25519Steady);
            for (long used : List.of(worst, rsaEmptyEscrow, rsaSteady, ed25519Steady)) {
                assertTrue(used < TARGET, "rent used " + used + " gas, target < " + TARGET);
            }
            assertTrue(worst > rsaEmptyEscrow && rsaEmptyEscrow > rsaSteady && rsaSteady > ed25519Steady);
        }
    }

    @Test
    void aKeyBeyondTheCapIsRefused() throws IOException {
        try (TestChain chain = TestChain.start();
                LedgerSession providerSession = chain.session(1);
                LedgerSession tenantSession = chain.session(2)) {
            Marketplace provider = chain.marketplace(providerSession);
            provider.registerProvider(MarketLifecycleIT.profile());
            BigInteger offer = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.STANDARD, PRICE, 5))
                    .id();
            byte[] tooLong = keyOfLength(MAX_KEY + 1).getBytes(StandardCharsets.US_ASCII);
            DcloudMarket market = tenantSession.market(chain.deployment().market());
            ContractRevert revert = assertThrows(
                    ContractRevert.class,
                    () -> tenantSession.send(market.rent(offer, BigInteger.ONE, tooLong, "long")));
            assertEquals("SshKeyTooLong", revert.errorName());
            assertEquals(List.of("1601", "1600"), revert.arguments());
            Marketplace tenant = chain.marketplace(tenantSession);
            BigInteger sentBefore = transactionCount(tenantSession);
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class, () -> tenant.rent(offer, 1, keyOfLength(MAX_KEY + 1), "long"));
            assertEquals(
                    "the SSH public key is 1601 bytes; the ledger accepts at most 1600 (an ed25519 key is about 100)",
                    refused.getMessage());
            assertEquals(sentBefore, transactionCount(tenantSession), "refused before the approval was sent");
            assertEquals(BigInteger.valueOf(MAX_KEY), tenantSession.send(market.MAX_SSH_KEY_LENGTH()));
        }
    }

    private static BigInteger transactionCount(LedgerSession session) throws IOException {
        return session.web3j()
                .ethGetTransactionCount(session.address(), DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount();
    }

    /** Rents with the longest label; returns the rent's gas. */
    private static long gasOfRent(Marketplace tenant, BigInteger offer, String key) {
        return tenant.rent(offer, 1, key, LONGEST_LABEL).receipt().getGasUsed().longValueExact();
    }

    /** An RSA-looking OpenSSH line of exactly {@code length} bytes (calldata costs the same for any non-zero byte). */
    private static String keyOfLength(int length) {
        String prefix = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAEAQ";
        return prefix + "x".repeat(length - prefix.length());
    }
}
