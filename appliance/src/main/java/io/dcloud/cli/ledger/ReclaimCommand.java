package io.dcloud.cli.ledger;

import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `dcloud reclaim RENTAL`: the provider never answered; take the escrow back. */
@Command(
        mixinStandardHelpOptions = true,
        name = "reclaim",
        description = "Take the escrow back from a rental the provider did not answer in time.")
public final class ReclaimCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "RENTAL")
    BigInteger rental;

    @Override
    void execute() {
        try (var opened = ledger.open()) {
            sending("reclaiming rental " + rental);
            sent(
                    opened.market().reclaim(rental),
                    "rental " + rental + " " + opened.market().rental(rental).state());
        }
    }
}
