package io.dcloud.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.contracts.DcloudMarket;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** A transaction that is not mined within the receipt timeout fails with a clear, specific error. */
class ReceiptTimeoutIT {
    @Test
    void sendFailsWithATimeoutWhileNothingIsMined() throws IOException {
        try (TestChain chain = TestChain.start();
                LedgerSession impatient = LedgerSession.connect(
                        chain.anvil().rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(1))) {
            DcloudMarket market = impatient.market(chain.deployment().market());
            chain.setAutomine(false);
            ReceiptTimeout timeout =
                    assertThrows(ReceiptTimeout.class, () -> impatient.send(market.setFeeBps(BigInteger.valueOf(300))));
            assertTrue(timeout.getMessage().startsWith("no receipt for transaction 0x"), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("within 1 s"), timeout.getMessage());
            assertEquals(BigInteger.valueOf(200), impatient.send(market.feeBps()), "not mined yet");

            chain.setAutomine(true);
            chain.mine();
            assertEquals(BigInteger.valueOf(300), impatient.send(market.feeBps()), "the pending transaction was mined");
            assertEquals(
                    "0x1",
                    impatient
                            .web3j()
                            .ethGetTransactionReceipt(timeout.transactionHash())
                            .send()
                            .getTransactionReceipt()
                            .orElseThrow()
                            .getStatus());
        }
    }
}
