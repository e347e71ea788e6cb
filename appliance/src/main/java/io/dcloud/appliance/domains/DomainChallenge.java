package io.dcloud.appliance.domains;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The DNS TXT record that proves a tenant controls a domain. Its value is derived, not stored: anyone can compute
 * it from public facts, and it binds provider, rental, tenant and domain, so a record made for one of them proves
 * nothing for another and nothing needs keeping between showing the record and checking it.
 *
 * @param name the record's owner name, {@code _dcloud-challenge.} + the domain
 * @param type always {@code TXT}
 * @param value base64url (no padding) of SHA-256 over {@link #input}
 */
public record DomainChallenge(String name, String type, String value) {

    public static final String LABEL = "_dcloud-challenge";

    /** Versions the derivation, so that a later change can never produce a value an old record matches. */
    public static final String CONTEXT = "dcloud-domain-v1";

    public static DomainChallenge of(String providerAddress, String rentalId, String tenant, DomainName domain) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(input(providerAddress, rentalId, tenant, domain).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        return new DomainChallenge(
                LABEL + "." + domain.ascii(),
                "TXT",
                Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    /**
     * What is hashed: {@code dcloud-domain-v1|<provider address>|<rental id>|<tenant address>|<domain>}, addresses
     * in lower case, the domain in ASCII form.
     */
    public static String input(String providerAddress, String rentalId, String tenant, DomainName domain) {
        return String.join(
                "|",
                CONTEXT,
                providerAddress.toLowerCase(Locale.ROOT),
                rentalId,
                tenant.toLowerCase(Locale.ROOT),
                domain.ascii());
    }
}
