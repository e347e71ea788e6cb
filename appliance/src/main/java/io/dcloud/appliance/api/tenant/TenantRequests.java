package io.dcloud.appliance.api.tenant;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/** The tenant's side of {@link TenantSignature}: adds the four signed headers to a request. */
public final class TenantRequests {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private TenantRequests() {}

    /**
     * Signs {@code method} on {@code path} (exactly as sent, no query) for {@code key}, valid for {@code lifetime}
     * from {@code now}, with a fresh random nonce.
     */
    public static HttpRequest.Builder sign(
            HttpRequest.Builder request, String method, String path, Credentials key, Instant now, Duration lifetime) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return sign(
                request,
                method,
                path,
                key,
                HEX.formatHex(random),
                now.plus(lifetime).getEpochSecond());
    }

    /** Signs with the given nonce and expiry (unix seconds). */
    public static HttpRequest.Builder sign(
            HttpRequest.Builder request, String method, String path, Credentials key, String nonce, long expires) {
        var message = TenantSignature.message(method, path, key.getAddress(), nonce, expires);
        var signature = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key.getEcKeyPair());
        return request.header(TenantSignature.ADDRESS_HEADER, key.getAddress())
                .header(TenantSignature.NONCE_HEADER, nonce)
                .header(TenantSignature.EXPIRES_HEADER, Long.toString(expires))
                .header(
                        TenantSignature.SIGNATURE_HEADER,
                        "0x" + HEX.formatHex(signature.getR()) + HEX.formatHex(signature.getS())
                                + HEX.formatHex(signature.getV()));
    }
}
