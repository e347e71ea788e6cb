package io.dcloud.cli.ledger;

import java.math.BigInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud extend RENTAL --hours N`. */
@Command(mixinStandardHelpOptions = true, name = "extend", description = "Buy more hours for a rental (more escrow).")
public final class ExtendCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "RENTAL")
    BigInteger rental;

    @Option(names = "--hours", required = true)
    int hours;

    @Override
    void execute() {
        try (var opened = ledger.open()) {
            sending("extending rental " + rental + " by " + hours + " h");
            sent(
                    opened.market().extend(rental, hours),
                    "rental " + rental + " " + opened.market().rental(rental).state() + ", paid time now "
                            + opened.market().rental(rental).durationSeconds() / 3600 + " h");
        }
    }
}
