package io.dcloud.cli.ledger;

import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `dcloud penalize ADDRESS AMOUNT`. */
@Command(
        mixinStandardHelpOptions = true,
        name = "penalize",
        description = "Spend AMOUNT of your reputation to lower ADDRESS's by AMOUNT x the penalty factor.")
public final class PenalizeCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(index = "0", paramLabel = "ADDRESS")
    String target;

    @Parameters(index = "1", paramLabel = "AMOUNT")
    BigInteger amount;

    @Override
    void execute() {
        try (var opened = ledger.open()) {
            sending("penalizing " + target + " by " + amount);
            sent(
                    opened.market().penalize(target, amount),
                    "reputation now: you "
                            + opened.market().reputationOf(opened.market().address()) + ", target "
                            + opened.market().reputationOf(target));
        }
    }
}
