package io.dcloud.appliance.api.rentals;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.reconcile.RentalLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /rentals}: a local rental. Sizes are optional and default to the host's offer size, which
 * is also their upper bound (a local rental takes one offer's room, as a ledger rental does).
 */
public record CreateRentalRequest(
        String label, String sshKey, Integer hours, Integer vcpus, Integer ramMib, Integer diskGib) {

    public static final int MAX_HOURS = 8760;
    /** The least memory a VM is made with (vm-manager's lower bound). */
    static final int MIN_RAM_MIB = 128;

    /**
     * The rental asked for, or a 400 problem listing every invalid field.
     *
     * @param offer the host's offer size
     */
    public NewRental validate(RentalSize offer) {
        List<String> errors = new ArrayList<>();
        if (label == null) {
            errors.add("label: is required, " + RentalLabel.RULE);
        } else if (!RentalLabel.isValid(label)) {
            errors.add("label: '" + abbreviate(label) + "' is not " + RentalLabel.RULE);
        }
        String key = sshKey == null ? null : sshKey.strip();
        if (key == null || key.isEmpty()) {
            errors.add("sshKey: is required, one OpenSSH public key line, e.g. 'ssh-ed25519 AAAAC3Nza... me@laptop'");
        } else {
            SshPublicKeyLine.problem(key).ifPresent(p -> errors.add("sshKey: " + p));
        }
        if (hours == null) {
            errors.add("hours: is required, 1.." + MAX_HOURS);
        } else if (hours < 1 || hours > MAX_HOURS) {
            errors.add("hours: " + hours + " is not in 1.." + MAX_HOURS);
        }
        int cpus = size("vcpus", vcpus, 1, offer.vcpus(), errors);
        int ram = size("ramMib", ramMib, Math.min(MIN_RAM_MIB, offer.ramMib()), offer.ramMib(), errors);
        int disk = size("diskGib", diskGib, 1, offer.diskGib(), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.badRequest("the rental request is invalid", errors));
        }
        return new NewRental(label, key, hours, new RentalSize(cpus, ram, disk));
    }

    private static int size(String field, Integer value, int min, int max, List<String> errors) {
        if (value == null) {
            return max;
        }
        if (value < min || value > max) {
            errors.add(field + ": " + value + " is not in " + min + ".." + max + " (at most this host's offer size)");
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 70 ? text : text.substring(0, 70) + "...";
    }
}
