package io.dcloud.attest.verify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of verifying and validating one piece of evidence: every check that ran, in order, and
 * the claims read from the evidence (byte strings as lowercase hex). Verified only if every check
 * passed.
 */
public record Verdict(String tee, List<Check> checks, Map<String, Object> claims) {

    public Verdict {
        checks = List.copyOf(checks);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    public boolean verified() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    public Optional<Check> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }
}
