package io.dcloud.cli.ledger;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `dcloud end RENTAL`: stop now and get the unused escrow back. */
@Command(
        mixinStandardHelpOptions = true,
        name = "end",
        description = "End an active rental now; the unused escrow comes back.")
public final class EndCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "RENTAL")
    BigInteger rental;

    @Override
    void execute() {
        try (var opened = ledger.open()) {
            sending("ending rental " + rental);
            var receipt = opened.market().end(rental);
            BigInteger refund = DcloudMarket.getRentalEndedEvents(receipt).getFirst().refund;
            sent(
                    receipt,
                    "rental " + rental + " " + opened.market().rental(rental).state() + ", refunded "
                            + Dct.format(refund) + " DCT");
        }
    }
}
