package io.dcloud.ledger.tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.tx.gas.ContractEIP1559GasProvider;

/**
 * EIP-1559 fees read from the chain for every transaction: max fee = 2 x base fee + tip, which survives six full
 * blocks of base-fee growth. The gas limit is the node's estimate plus a quarter plus a fixed headroom; estimating first
 * also means a call that would revert fails here, decoded, without spending gas on a failed transaction.
 *
 * <p>The headroom is there because the estimate sees the chain of now, and the block that includes the transaction may
 * be a second later: a {@code terminate} estimated in the second of its rental's acceptance has nothing accrued and
 * skips the payout, yet pays out when mined a second later. The payout (fee and provider transfers, two reputation
 * writes) costs up to 69,000 gas more, far beyond a quarter of the 58,000 estimate. Unused gas is not charged.
 */
public final class Eip1559Fees implements ContractEIP1559GasProvider {
    private static final BigInteger ESTIMATE_CEILING = BigInteger.valueOf(15_000_000L);
    private static final BigInteger TIME_DEPENDENT_HEADROOM = BigInteger.valueOf(100_000L);
    private static final BigInteger MIN_TIP = BigInteger.valueOf(1_000_000_000L);

    private final Web3j web3j;
    private final long chainId;
    private final RevertDecoder reverts;

    public Eip1559Fees(Web3j web3j, long chainId, RevertDecoder reverts) {
        this.web3j = web3j;
        this.chainId = chainId;
        this.reverts = reverts;
    }

    @Override
    public long getChainId() {
        return chainId;
    }

    @Override
    public BigInteger getMaxPriorityFeePerGas() {
        try {
            BigInteger tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            return tip.max(MIN_TIP);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the priority fee", e);
        }
    }

    @Override
    public BigInteger getMaxFeePerGas() {
        try {
            BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getBaseFeePerGas();
            return baseFee.shiftLeft(1).add(getMaxPriorityFeePerGas());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base fee", e);
        }
    }

    @Override
    public BigInteger getGasLimit(Transaction transaction) {
        try {
            EthEstimateGas estimate = web3j.ethEstimateGas(transaction).send();
            if (estimate.hasError()) {
                throw revertOf(estimate.getError());
            }
            BigInteger gas = estimate.getAmountUsed();
            return gas.add(gas.shiftRight(2)).add(TIME_DEPENDENT_HEADROOM);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot estimate gas", e);
        }
    }

    /** Only the ceiling web3j puts on the estimate itself; each transaction gets its own estimate. */
    @Override
    public BigInteger getGasLimit() {
        return ESTIMATE_CEILING;
    }

    @Override
    public BigInteger getGasPrice() {
        return getMaxFeePerGas();
    }

    ContractRevert revertOf(Response.Error error) {
        String data = error.getData();
        if (data != null && data.startsWith("\"")) {
            data = data.substring(1, data.length() - 1);
        }
        if (data == null || !data.startsWith("0x")) {
            return new ContractRevert("UnknownRevert", List.of(error.getMessage()));
        }
        return reverts.decode(data);
    }
}
