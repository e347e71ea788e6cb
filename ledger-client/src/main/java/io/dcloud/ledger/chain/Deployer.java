package io.dcloud.ledger.chain;

import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudTestToken;
import io.dcloud.ledger.contracts.DcloudToken;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.util.List;

/**
 * Deploys the token and the marketplace with the session's key as governance, and points the token's reward weights at
 * the marketplace's reputation. A test deployment uses {@code DcloudTestToken}, which pre-mints to test accounts; a
 * production deployment uses {@code DcloudToken}, which mints only by the reward schedule.
 */
public final class Deployer {
    private final LedgerSession session;

    public Deployer(LedgerSession session) {
        this.session = session;
    }

    /** Deploys with the pre-minting test token: each of {@code accounts} gets {@code amount} base units. */
    public Deployment deployForTests(String rpcUrl, String treasury, List<String> accounts, BigInteger amount) {
        DcloudTestToken token = session.send(DcloudTestToken.deploy(
                session.web3j(),
                session.transactionManager(),
                session.fees(),
                session.address(),
                treasury,
                accounts,
                amount));
        return deployMarket(rpcUrl, token.getContractAddress(), treasury, true);
    }

    /** Deploys the production token, whose only minting is the reward schedule. */
    public Deployment deployProduction(String rpcUrl, String treasury) {
        DcloudToken token = session.send(DcloudToken.deploy(
                session.web3j(), session.transactionManager(), session.fees(), session.address(), treasury));
        return deployMarket(rpcUrl, token.getContractAddress(), treasury, false);
    }

    private Deployment deployMarket(String rpcUrl, String tokenAddress, String treasury, boolean testToken) {
        DcloudMarket market = session.send(DcloudMarket.deploy(
                session.web3j(),
                session.transactionManager(),
                session.fees(),
                tokenAddress,
                session.address(),
                treasury));
        session.send(session.token(tokenAddress).setReputationSource(market.getContractAddress()));
        long startBlock = market.getTransactionReceipt()
                .orElseThrow(() -> new IllegalStateException("deployment receipt missing"))
                .getBlockNumber()
                .longValueExact();
        return new Deployment(
                rpcUrl, session.chainId(), tokenAddress, market.getContractAddress(), treasury, startBlock, testToken);
    }
}
