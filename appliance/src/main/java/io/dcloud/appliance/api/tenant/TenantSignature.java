package io.dcloud.appliance.api.tenant;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * A tenant's request signature, carried in the {@code X-Dcloud-*} headers: {@link #parse} checks
 * their shape only (no crypto), {@link Presented#verify} that the expiry lies in the accepted window
 * and that the EIP-191 {@code personal_sign} signature over {@link #message} recovers the claimed
 * address. Whether the signer may act on a rental, and whether the nonce was seen before, is the
 * caller's business.
 */
public final class TenantSignature {

    public static final String ADDRESS_HEADER = "X-Dcloud-Address";
    public static final String NONCE_HEADER = "X-Dcloud-Nonce";
    public static final String EXPIRES_HEADER = "X-Dcloud-Expires";
    public static final String SIGNATURE_HEADER = "X-Dcloud-Signature";

    /** How far ahead a request may expire: also how long a nonce must be remembered. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    /** The first line of every signed message, so that it cannot be mistaken for another app's. */
    public static final String MESSAGE_TITLE = "dcloud tenant request";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");

    /** Why a signature was refused. */
    public enum Failure {
        /** One of the four headers is absent. */
        MISSING_HEADER,
        /** A header is present but not of the documented form. */
        MALFORMED_HEADER,
        /** The expiry is not after now. */
        EXPIRED,
        /** The expiry is more than {@link #MAX_LIFETIME} ahead. */
        EXPIRES_TOO_FAR_AHEAD,
        /** The signature recovers no key, or a key other than the claimed address's. */
        WRONG_SIGNATURE
    }

    /** A named failure and the detail a client needs to fix its request. */
    public record Refusal(Failure failure, String detail) implements Parsed, Verified {}

    /** The signer whose signature checked out, with what the replay guard needs. */
    public record Signer(String address, String nonce, Instant expires) implements Verified {}

    /** The outcome of {@link #parse}. */
    public sealed interface Parsed permits Presented, Refusal {}

    /** The outcome of {@link Presented#verify}. */
    public sealed interface Verified permits Signer, Refusal {}

    /**
     * The headers, well-formed but not yet verified.
     *
     * @param address the claimed signer, lower-case {@code 0x} + 40 hex digits
     * @param nonce the client's one-time value
     * @param expires unix seconds after which the request is refused
     * @param signature r, s and v (normalized to 27 or 28)
     */
    public record Presented(String address, String nonce, long expires, Sign.SignatureData signature)
            implements Parsed {

        public Presented {
            address = address.toLowerCase(Locale.ROOT);
        }

        /** Checks the expiry window at {@code now}, then that the signature is the claimed address's. */
        public Verified verify(String method, String path, Instant now) {
            var expiry = Instant.ofEpochSecond(expires);
            if (!expiry.isAfter(now)) {
                return new Refusal(Failure.EXPIRED, "the request expired at " + expiry + " (now " + now + ")");
            }
            if (expiry.isAfter(now.plus(MAX_LIFETIME))) {
                return new Refusal(
                        Failure.EXPIRES_TOO_FAR_AHEAD,
                        EXPIRES_HEADER + " may be at most " + MAX_LIFETIME.toSeconds() + " seconds ahead (now "
                                + now.getEpochSecond() + ")");
            }
            var text = message(method, path, address, nonce, expires).getBytes(StandardCharsets.UTF_8);
            BigInteger key;
            try {
                key = Sign.signedPrefixedMessageToKey(text, signature);
            } catch (SignatureException | RuntimeException e) {
                // hostile r and s values (zero, off the curve) surface as unchecked exceptions in web3j
                return new Refusal(Failure.WRONG_SIGNATURE, "the signature does not recover a key");
            }
            if (!("0x" + Keys.getAddress(key)).equals(address)) {
                return new Refusal(
                        Failure.WRONG_SIGNATURE,
                        "the signature is not " + address + "'s over this request (see the README for the message)");
            }
            return new Signer(address, nonce, expiry);
        }
    }

    private TenantSignature() {}

    /**
     * Reads the four headers; never throws on hostile input.
     *
     * @param header a header's first value by name, empty when absent
     */
    public static Parsed parse(Function<String, Optional<String>> header) {
        var address = header.apply(ADDRESS_HEADER);
        var nonce = header.apply(NONCE_HEADER);
        var expires = header.apply(EXPIRES_HEADER);
        var signature = header.apply(SIGNATURE_HEADER);
        if (address.isEmpty() || nonce.isEmpty() || expires.isEmpty() || signature.isEmpty()) {
            return new Refusal(
                    Failure.MISSING_HEADER,
                    "tenant requests need the headers " + ADDRESS_HEADER + ", " + NONCE_HEADER + ", " + EXPIRES_HEADER
                            + " and " + SIGNATURE_HEADER);
        }
        if (!ADDRESS.matcher(address.get()).matches()) {
            return malformed(ADDRESS_HEADER + " must be 0x followed by 40 hex digits");
        }
        if (!NONCE.matcher(nonce.get()).matches()) {
            return malformed(NONCE_HEADER + " must be 16 to 64 characters from A-Z, a-z, 0-9, '_' and '-'");
        }
        if (!EXPIRES.matcher(expires.get()).matches()) {
            return malformed(EXPIRES_HEADER + " must be unix seconds (1 to 12 decimal digits)");
        }
        if (!SIGNATURE.matcher(signature.get()).matches()) {
            return malformed(SIGNATURE_HEADER + " must be 0x followed by 65 bytes in hex (r, s, v)");
        }
        var bytes = HexFormat.of().parseHex(signature.get(), 2, signature.get().length());
        int v = Byte.toUnsignedInt(bytes[64]);
        // wallets write v as 27/28 (personal_sign) and some libraries as 0/1; both mean the same
        if (v == 0 || v == 1) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            return malformed(SIGNATURE_HEADER + " must end with v = 27 or 28 (or 0 or 1)");
        }
        var data =
                new Sign.SignatureData((byte) v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64));
        return new Presented(address.get(), nonce.get(), Long.parseLong(expires.get()), data);
    }

    /**
     * The exact text a tenant signs with {@code personal_sign}: six lines joined by a line feed,
     * no trailing line feed (see the appliance README).
     *
     * @param path the request path as sent, without query string, e.g. {@code /tenant/rentals/42}
     */
    public static String message(String method, String path, String address, String nonce, long expires) {
        return String.join(
                "\n",
                MESSAGE_TITLE,
                "method: " + method,
                "path: " + path,
                "address: " + address.toLowerCase(Locale.ROOT),
                "nonce: " + nonce,
                "expires: " + expires);
    }

    private static Refusal malformed(String detail) {
        return new Refusal(Failure.MALFORMED_HEADER, detail);
    }
}
