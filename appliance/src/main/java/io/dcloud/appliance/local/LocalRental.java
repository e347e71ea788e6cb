package io.dcloud.appliance.local;

import io.dcloud.appliance.reconcile.RentalLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A rental the admin created on this host, as it is recorded: nothing about it can be derived from elsewhere. Its
 * paid-for time starts when its VM first answers, as for a ledger rental.
 *
 * @param id {@code local-<n>}, never reused
 * @param activeSince when its VM first answered (null while requested, or when it never did)
 * @param endedAt when the admin ended it (null unless ended)
 * @param reason why it failed or was ended (null otherwise)
 */
public record LocalRental(
        String id,
        String label,
        String sshKey,
        int vcpus,
        int ramMiB,
        int diskGiB,
        int hours,
        Instant createdAt,
        LocalRentalState state,
        Instant activeSince,
        Instant endedAt,
        String reason) {

    public static final String ID_PREFIX = "local-";
    private static final Pattern ID = Pattern.compile(ID_PREFIX + "[1-9][0-9]{0,17}");

    public LocalRental {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: '" + id + "' is not local-<n>");
        }
        if (!RentalLabel.isValid(label)) {
            throw new IllegalArgumentException("label: '" + label + "' is not " + RentalLabel.RULE);
        }
        if (sshKey == null || sshKey.isBlank() || vcpus < 1 || ramMiB < 1 || diskGiB < 1 || hours < 1) {
            throw new IllegalArgumentException("rental " + id + ": SSH key, sizes and hours are required");
        }
        if (createdAt == null || state == null) {
            throw new IllegalArgumentException("rental " + id + ": createdAt and state are required");
        }
        if (state == LocalRentalState.ACTIVE && activeSince == null) {
            throw new IllegalArgumentException("rental " + id + ": an active rental has activeSince");
        }
    }

    /** The number in {@code local-<n>}. */
    public long number() {
        return Long.parseLong(id.substring(ID_PREFIX.length()));
    }

    /** When its hours run out: known once it is active. */
    public Optional<Instant> endsAt() {
        return Optional.ofNullable(activeSince).map(since -> since.plus(Duration.ofHours(hours)));
    }

    /** Whether a VM should be running for it now: requested, or active with hours left. */
    public boolean needsVm(Instant now) {
        return state == LocalRentalState.REQUESTED
                || (state == LocalRentalState.ACTIVE && now.isBefore(endsAt().orElseThrow()));
    }

    /** The state the admin sees: the recorded one, or {@code expired} once an active rental's hours ran out. */
    public String stateAt(Instant now) {
        if (state == LocalRentalState.ACTIVE && !needsVm(now)) {
            return "expired";
        }
        return state.name().toLowerCase(Locale.ROOT);
    }

    LocalRental activated(Instant now) {
        return with(LocalRentalState.ACTIVE, now, endedAt, reason);
    }

    LocalRental failed(String why) {
        return with(LocalRentalState.FAILED, activeSince, endedAt, why);
    }

    LocalRental ended(Instant now, String why) {
        return with(LocalRentalState.ENDED, activeSince, now, why);
    }

    private LocalRental with(LocalRentalState newState, Instant since, Instant ended, String why) {
        return new LocalRental(
                id, label, sshKey, vcpus, ramMiB, diskGiB, hours, createdAt, newState, since, ended, why);
    }
}
