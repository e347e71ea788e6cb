package io.dcloud.cli.ledger;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `dcloud reputation [ADDRESS...]`. */
@Command(
        mixinStandardHelpOptions = true,
        name = "reputation",
        description = "Show reputation and DCT balance (default: the signing account).")
public final class ReputationCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "ADDRESS", arity = "0..*")
    List<String> addresses;

    @Override
    void execute() {
        try (var opened = addresses == null || addresses.isEmpty() ? ledger.open() : ledger.openReadOnly()) {
            List<String> who = addresses == null || addresses.isEmpty()
                    ? List.of(opened.market().address())
                    : addresses;
            for (String address : who) {
                out().printf(
                                "%s reputation %s, balance %s DCT%n",
                                address,
                                opened.market().reputationOf(address),
                                Dct.format(opened.market().balanceOf(address)));
            }
        }
    }
}
