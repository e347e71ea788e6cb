package io.dcloud.cli.ledger;

import io.dcloud.ledger.market.RentalView;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud rent OFFER --hours N --ssh-key FILE [--name LABEL]`: pays N hours into escrow and requests a VM. */
@Command(
        mixinStandardHelpOptions = true,
        name = "rent",
        description = "Rent an offer: price x hours goes into escrow until the provider answers.")
public final class RentCommand extends LedgerCommand {
    @Mixin
    LedgerOptions ledger;

    @Parameters(paramLabel = "OFFER")
    BigInteger offer;

    @Option(names = "--hours", required = true)
    int hours;

    @Option(names = "--ssh-key", required = true, paramLabel = "FILE", description = "Your public SSH key file.")
    Path sshKey;

    @Option(names = "--name", paramLabel = "LABEL", description = "Host label of the VM (default: vm-OFFER).")
    String name;

    @Override
    void execute() {
        String key;
        try {
            key = Files.readString(sshKey).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SSH key " + sshKey + ": " + e.getMessage());
        }
        if (!key.startsWith("ssh-") && !key.startsWith("ecdsa-")) {
            throw new IllegalArgumentException(sshKey + " is not an OpenSSH public key");
        }
        String label = name != null ? name : "vm-" + offer;
        try (var opened = ledger.open()) {
            sending("renting offer " + offer + " for " + hours + " h as " + label);
            var created = opened.market().rent(offer, hours, key, label);
            sent(created.receipt(), "rental " + created.id() + " requested");
            RentalView r = opened.market().rental(created.id());
            out().printf(
                            "rental %s %s, escrow %s DCT%n",
                            r.id(), r.state(), Dct.format(r.pricePerHour().multiply(BigInteger.valueOf(hours))));
        }
    }
}
