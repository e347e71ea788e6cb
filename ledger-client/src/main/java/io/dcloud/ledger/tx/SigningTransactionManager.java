package io.dcloud.ledger.tx;

import java.io.IOException;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * Signs locally and keeps the nonce in memory (web3j's {@link FastRawTransactionManager}: concurrent sends from one
 * account get consecutive nonces without asking the node each time); read-only calls that revert come back as a
 * {@link ContractRevert} carrying the custom error instead of web3j's generic message.
 */
final class SigningTransactionManager extends FastRawTransactionManager {
    private final Web3j web3j;
    private final RevertDecoder reverts;

    SigningTransactionManager(
            Web3j web3j,
            Credentials credentials,
            long chainId,
            TransactionReceiptProcessor receipts,
            RevertDecoder reverts) {
        super(web3j, credentials, chainId, receipts);
        this.web3j = web3j;
        this.reverts = reverts;
    }

    @Override
    public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(getFromAddress(), to, data), block)
                .send();
        if (call.hasError()) {
            String revertData = call.getError().getData();
            throw revertData == null
                    ? new ContractRevert(
                            "UnknownRevert", List.of(call.getError().getMessage()))
                    : reverts.decode(revertData.replace("\"", ""));
        }
        return call.getValue();
    }
}
