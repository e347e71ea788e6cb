package io.dcloud.appliance.reconcile;

import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.ledger.market.RentalView;
import io.dcloud.ledger.tx.ContractRevert;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The rentals of one provider, read from the marketplace contract. The SSH key and label of a rental travel only in
 * its RentalRequested event (they are never stored by the contract), so they are read back from the chain's logs;
 * the small cache only saves repeated log queries and is never the truth.
 */
public final class ChainRentals implements RentalSource {
    private static final Logger LOG = Logger.getLogger(ChainRentals.class.getName());

    private final Marketplace market;
    private final Web3j web3j;
    private final String marketAddress;
    private final String provider;
    private final long startBlock;
    private final Map<BigInteger, DcloudMarket.RentalRequestedEventResponse> requests = new ConcurrentHashMap<>();

    public ChainRentals(Marketplace market, Web3j web3j, String marketAddress, String provider, long startBlock) {
        this.market = market;
        this.web3j = web3j;
        this.marketAddress = marketAddress;
        this.provider = provider;
        this.startBlock = startBlock;
    }

    @Override
    public String name() {
        return "ledger";
    }

    /** Rentals of this provider that are requested or active; throws when the ledger cannot be read now. */
    @Override
    public List<DesiredRental> desired() throws IOException {
        List<DesiredRental> out = new ArrayList<>();
        for (RentalView rental : market.rentalsOf(provider)) {
            if (!rental.provider().equalsIgnoreCase(provider) || !rental.state().needsVm()) {
                continue;
            }
            var request = request(rental.id());
            out.add(new DesiredRental(
                    rental.id().toString(),
                    rental.tenant(),
                    rental.state(),
                    RentalShape.of(market.listing(rental.offerId()).terms()),
                    new String(request.sshKey, StandardCharsets.UTF_8).strip(),
                    request.label));
        }
        return out;
    }

    /** Ledger rental ids are decimal numbers. */
    @Override
    public boolean owns(String rentalId) {
        return !rentalId.isEmpty() && rentalId.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    @Override
    public void accept(DesiredRental rental, String accessDetails) {
        market.accept(new BigInteger(rental.rentalId()), accessDetails);
    }

    /** The contract records no reason: the escrow simply goes back to the tenant. */
    @Override
    public void reject(DesiredRental rental, String reason) {
        market.reject(new BigInteger(rental.rentalId()));
    }

    /**
     * Terminates the rental on the ledger (the provider's early end): the tenant stops paying at once and gets the
     * unaccrued escrow back; the accrued part is paid to this provider. The contract records no reason: it is logged.
     *
     * @throws IllegalStateException when the ledger refuses: the rental is over already, or not this provider's
     * @throws IOException when the ledger cannot be reached or the transaction failed otherwise
     */
    @Override
    public void endNow(String rentalId, String reason) throws IOException {
        var id = new BigInteger(rentalId);
        try {
            market.terminate(id);
        } catch (ContractRevert e) {
            throw switch (e.errorName()) {
                case "InvalidState" ->
                    new IllegalStateException("rental " + rentalId + " is "
                            + RentalState.ofCode(Integer.parseInt(e.arguments().getLast()))
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                            + " on the ledger already; its VM goes after the teardown grace");
                case "RentalNotFound", "NotProvider" ->
                    new IllegalStateException("rental " + rentalId + " is not a ledger rental of this provider");
                default -> e;
            };
        } catch (RuntimeException e) {
            throw new IOException("the ledger did not terminate rental " + rentalId + ": " + e.getMessage(), e);
        }
        LOG.info("rental " + rentalId + ": terminated on the ledger by the admin: " + reason);
    }

    private DcloudMarket.RentalRequestedEventResponse request(BigInteger rentalId) throws IOException {
        var cached = requests.get(rentalId);
        if (cached != null) {
            return cached;
        }
        var filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(startBlock)),
                DefaultBlockParameterName.LATEST,
                marketAddress);
        filter.addSingleTopic(EventEncoder.encode(DcloudMarket.RENTALREQUESTED_EVENT));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(rentalId, 64));
        EthLog logs = web3j.ethGetLogs(filter).send();
        if (logs.hasError()) {
            throw new IOException("eth_getLogs for rental " + rentalId + ": "
                    + logs.getError().getMessage());
        }
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            var event = DcloudMarket.getRentalRequestedEventFromLog((Log) result.get());
            requests.put(rentalId, event);
            return event;
        }
        throw new IOException("rental " + rentalId + " has no RentalRequested event since block " + startBlock);
    }
}
