package io.dcloud.ledger.tx;

import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One account talking to one chain: EIP-1559 fees, local nonces, receipts awaited for at most {@code receiptTimeout},
 * and every revert surfaced as a {@link ContractRevert}. Contracts are used only through their generated wrappers.
 */
public final class LedgerSession implements AutoCloseable {
    private static final long RECEIPT_POLL_MILLIS = 100;

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final RevertDecoder reverts = new RevertDecoder();
    private final SigningTransactionManager transactions;
    private final Eip1559Fees fees;
    private final Duration receiptTimeout;

    private LedgerSession(Web3j web3j, Credentials credentials, long chainId, Duration receiptTimeout) {
        this.web3j = web3j;
        this.receiptTimeout = receiptTimeout;
        this.credentials = credentials;
        this.chainId = chainId;
        int attempts = (int) Math.max(1, receiptTimeout.toMillis() / RECEIPT_POLL_MILLIS);
        this.transactions = new SigningTransactionManager(
                web3j,
                credentials,
                chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, attempts),
                reverts);
        this.fees = new Eip1559Fees(web3j, chainId, reverts);
    }

    /** Connects to a JSON-RPC endpoint and reads its chain id. */
    public static LedgerSession connect(String rpcUrl, Credentials credentials, Duration receiptTimeout) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            return new LedgerSession(web3j, credentials, chainId, receiptTimeout);
        } catch (IOException e) {
            web3j.shutdown();
            throw new UncheckedIOException("no JSON-RPC endpoint answers at " + rpcUrl, e);
        }
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    /** The address this session signs for. */
    public String address() {
        return credentials.getAddress();
    }

    public DcloudMarket market(String address) {
        return DcloudMarket.load(address, web3j, transactions, fees);
    }

    public DcloudToken token(String address) {
        return DcloudToken.load(address, web3j, transactions, fees);
    }

    /** Deploys with the session's key and fees (for {@code DcloudX.deploy(web3j, manager, fees, ...)}). */
    public TransactionManager transactionManager() {
        return transactions;
    }

    public Eip1559Fees fees() {
        return fees;
    }

    /**
     * Sends a transaction built by a generated wrapper and waits for its receipt; a revert (at estimation or, if the
     * state changed meanwhile, on chain) becomes a {@link ContractRevert}, no receipt within the timeout a {@link
     * ReceiptTimeout}.
     */
    public <T> T send(RemoteCall<T> call) {
        try {
            return call.send();
        } catch (ContractRevert e) {
            throw e;
        } catch (TransactionException e) {
            if (e.getTransactionReceipt().isPresent()) {
                throw revertOf(e.getTransactionReceipt().get());
            }
            // Without a receipt, web3j's receipt processor gave up waiting: the transaction is pending, not failed.
            throw e.getTransactionHash()
                    .<RuntimeException>map(hash -> new ReceiptTimeout(hash, receiptTimeout))
                    .orElseGet(() -> new IllegalStateException("transaction failed: " + e.getMessage(), e));
        } catch (IOException e) {
            resyncNonce();
            throw new UncheckedIOException("JSON-RPC request failed", e);
        } catch (Exception e) {
            resyncNonce();
            throw new IllegalStateException("transaction failed: " + e.getMessage(), e);
        }
    }

    private RuntimeException revertOf(TransactionReceipt receipt) {
        try {
            var tx = web3j.ethGetTransactionByHash(receipt.getTransactionHash())
                    .send()
                    .getTransaction()
                    .orElseThrow();
            transactions.sendCall(
                    tx.getTo(),
                    tx.getInput(),
                    DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE)));
            // The replay passed: the block's own state or time, or the gas limit, made the difference; the gas figures
            // tell which.
            return new IllegalStateException("transaction " + receipt.getTransactionHash() + " reverted (gas used "
                    + receipt.getGasUsed() + " of its limit " + tx.getGas() + ")");
        } catch (ContractRevert revert) {
            return revert;
        } catch (IOException e) {
            return new UncheckedIOException("cannot replay reverted transaction " + receipt.getTransactionHash(), e);
        }
    }

    private void resyncNonce() {
        try {
            transactions.resetNonce();
        } catch (IOException e) {
            // The next send asks the node again: resetNonce only failed because the node is unreachable now.
            transactions.clearNonce();
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
