package io.dcloud.cli.ledger;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.math.BigInteger;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `dcloud claim RENTAL...`: the provider collects what its rentals have accrued. */
@Command(
        mixinStandardHelpOptions = true,
        name = "claim",
        description = "Collect what rentals have accrued (2%% goes to the treasury).")
public final class ClaimCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "RENTAL", arity = "1..*")
    List<BigInteger> rentals;

    @Override
    void execute() {
        try (var opened = ledger.open()) {
            for (BigInteger rental : rentals) {
                sending("claiming rental " + rental);
                var receipt = opened.market().claim(rental);
                var payment = DcloudMarket.getPaymentClaimedEvents(receipt).getFirst();
                sent(
                        receipt,
                        "rental " + rental + " "
                                + opened.market().rental(rental).state() + ": claimed " + Dct.format(payment.amount)
                                + " DCT, fee " + Dct.format(payment.fee) + " DCT");
            }
        }
    }
}
