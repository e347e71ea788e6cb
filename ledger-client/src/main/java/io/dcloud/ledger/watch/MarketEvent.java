package io.dcloud.ledger.watch;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;

/**
 * One marketplace log, named after its Solidity event. Decode the details with the generated wrapper, e.g. {@code
 * DcloudMarket.getRentalRequestedEventFromLog(event.log())}. Delivery is at least once: handlers must be idempotent.
 */
public record MarketEvent(String name, Log log) {

    public long blockNumber() {
        return log.getBlockNumber().longValueExact();
    }

    public long logIndex() {
        return log.getLogIndex().longValueExact();
    }

    /** The rental this event is about, for the Rental* and PaymentClaimed events. */
    public Optional<BigInteger> rentalId() {
        if (!name.startsWith("Rental") && !name.equals("PaymentClaimed")) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(log.getTopics().get(1).substring(2), 16));
    }

    /** The provider of a rental event (indexed in every rental event), for appliances watching only their own. */
    public Optional<String> provider() {
        if (rentalId().isEmpty()) {
            return Optional.empty();
        }
        int topic = name.equals("RentalRequested") ? 3 : 2;
        String word = log.getTopics().get(topic);
        return Optional.of("0x" + word.substring(word.length() - 40));
    }

    /** The typed RentalRequested payload (tenant, hours, deposit, SSH key, label), when this is one. */
    public Optional<DcloudMarket.RentalRequestedEventResponse> rentalRequested() {
        return name.equals("RentalRequested")
                ? Optional.of(DcloudMarket.getRentalRequestedEventFromLog(log))
                : Optional.empty();
    }
}
