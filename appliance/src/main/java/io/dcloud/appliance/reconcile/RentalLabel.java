package io.dcloud.appliance.reconcile;

import java.util.regex.Pattern;

/** A rental's label: one lower-case DNS label, the first part of its route {@code <label>.<provider-domain>}. */
public final class RentalLabel {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** What a valid label looks like, for error messages. */
    public static final String RULE =
            "one lower-case DNS label: 1-63 of a-z, 0-9 and '-', not starting or ending with '-'";

    private RentalLabel() {}

    public static boolean isValid(String label) {
        return label != null && LABEL.matcher(label).matches();
    }
}
