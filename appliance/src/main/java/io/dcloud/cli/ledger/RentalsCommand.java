package io.dcloud.cli.ledger;

import io.dcloud.ledger.market.RentalView;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `dcloud rentals`: the rentals of the signing account (as tenant or provider). */
@Command(mixinStandardHelpOptions = true, name = "rentals", description = "List your rentals, as tenant or provider.")
public final class RentalsCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Option(names = "--address", description = "Whose rentals (default: the signing account).")
    String address;

    @Override
    void execute() {
        try (var opened = address == null ? ledger.open() : ledger.openReadOnly()) {
            String who = address != null ? address : opened.market().address();
            List<RentalView> rentals = opened.market().rentalsOf(who);
            out().printf(
                            "%-7s %-6s %-10s %-20s %8s %12s %12s %-42s%n",
                            "RENTAL", "OFFER", "STATE", "STARTED", "HOURS", "PAID_DCT", "CLAIMABLE", "TENANT");
            for (RentalView r : rentals) {
                out().printf(
                                "%-7s %-6s %-10s %-20s %8.2f %12s %12s %-42s%n",
                                r.id(),
                                r.offerId(),
                                r.state(),
                                r.startedAt() == 0
                                        ? "-"
                                        : Instant.ofEpochSecond(r.startedAt()).toString(),
                                r.durationSeconds() / 3600.0,
                                Dct.format(r.paid()),
                                Dct.format(r.claimable()),
                                r.tenant());
            }
            out().printf("%d rentals%n", rentals.size());
        }
    }
}
