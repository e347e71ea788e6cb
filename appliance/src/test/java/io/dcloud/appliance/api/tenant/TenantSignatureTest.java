package io.dcloud.appliance.api.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.dcloud.appliance.api.tenant.TenantSignature.Failure;
import io.dcloud.appliance.api.tenant.TenantSignature.Refusal;
import io.dcloud.appliance.api.tenant.TenantSignature.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

class TenantSignatureTest {

    private static final Credentials ALICE =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final Credentials MALLORY =
            Credentials.create("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private static final String PATH = "/tenant/rentals/42";
    private static final String NONCE = "n0nce-0123456789abcdef";

    @Test
    void theMessageIsTheDocumentedSixLines() {
        assertEquals(
                """
                dcloud tenant request
                method: POST
                path: /tenant/rentals/42/reboot
                address: 0x2c7536e3605d9c16a7a3d7b1898e529396a65c23
                nonce: n0nce-0123456789abcdef
                expires: 1795834800""",
                TenantSignature.message(
                        "POST",
                        "/tenant/rentals/42/reboot",
                        "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                        NONCE,
                        1795834800L));
    }

    /** web3.js's documented {@code accounts.sign('Some data', key)}: what wallets send is what we check. */
    @Test
    void aWalletsPersonalSignRecoversItsAddress() throws Exception {
        var signature = Sign.signatureDataFromHex("0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
                + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c");
        var key = Sign.signedPrefixedMessageToKey("Some data".getBytes(StandardCharsets.UTF_8), signature);
        assertEquals(ALICE.getAddress(), "0x" + Keys.getAddress(key));
    }

    @Test
    void aValidSignatureNamesItsSigner() {
        long expires = NOW.getEpochSecond() + 300;
        var verified = verify(signed(ALICE, "GET", PATH, ALICE.getAddress(), expires), "GET", PATH);
        var signer = assertInstanceOf(Signer.class, verified);
        assertEquals(ALICE.getAddress(), signer.address());
        assertEquals(NONCE, signer.nonce());
        assertEquals(Instant.ofEpochSecond(expires), signer.expires());
    }

    @Test
    void checksumAddressesAndVZeroOrOneAreAccepted() {
        long expires = NOW.getEpochSecond() + 60;
        var checksummed = Keys.toChecksumAddress(ALICE.getAddress());
        var headers = signed(ALICE, "GET", PATH, checksummed, expires);
        var signature = headers.get(TenantSignature.SIGNATURE_HEADER);
        int v = Integer.parseInt(signature.substring(130), 16);
        headers.put(TenantSignature.SIGNATURE_HEADER, signature.substring(0, 130) + String.format("%02x", v - 27));
        assertInstanceOf(Signer.class, verify(headers, "GET", PATH));
    }

    @Test
    void aMissingHeaderIsNamed() {
        var headers = signed(ALICE, "GET", PATH, ALICE.getAddress(), NOW.getEpochSecond() + 60);
        headers.remove(TenantSignature.NONCE_HEADER);
        assertFailure(Failure.MISSING_HEADER, TenantSignature.parse(lookup(headers)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "X-Dcloud-Address   | 0x2c7536e3605d9c16a7a3d7b1898e529396a65c2",
                "X-Dcloud-Address   | 2c7536e3605d9c16a7a3d7b1898e529396a65c23aa",
                "X-Dcloud-Address   | 0x2c7536e3605d9c16a7a3d7b1898e529396a65cgg",
                "X-Dcloud-Nonce     | short",
                "X-Dcloud-Nonce     | nonce with spaces in it",
                "X-Dcloud-Nonce     | 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
                "X-Dcloud-Expires   | -1795834800",
                "X-Dcloud-Expires   | 1795834800.5",
                "X-Dcloud-Expires   | 9999999999999",
                "X-Dcloud-Expires   | ''",
                "X-Dcloud-Signature | 0x00",
                "X-Dcloud-Signature | not hex at all",
            })
    void aMalformedHeaderIsNamed(String header, String value) {
        var headers = signed(ALICE, "GET", PATH, ALICE.getAddress(), NOW.getEpochSecond() + 60);
        headers.put(header, value);
        assertFailure(Failure.MALFORMED_HEADER, TenantSignature.parse(lookup(headers)));
    }

    @Test
    void aSignatureWithAnUnknownVIsMalformed() {
        var headers = signed(ALICE, "GET", PATH, ALICE.getAddress(), NOW.getEpochSecond() + 60);
        headers.put(
                TenantSignature.SIGNATURE_HEADER,
                headers.get(TenantSignature.SIGNATURE_HEADER).substring(0, 130) + "25");
        assertFailure(Failure.MALFORMED_HEADER, TenantSignature.parse(lookup(headers)));
    }

    @Test
    void theExpiryMustLieAfterNowAndAtMostFiveMinutesAhead() {
        long now = NOW.getEpochSecond();
        assertFailure(Failure.EXPIRED, verify(signed(ALICE, "GET", PATH, ALICE.getAddress(), now), "GET", PATH));
        assertFailure(Failure.EXPIRED, verify(signed(ALICE, "GET", PATH, ALICE.getAddress(), now - 3600), "GET", PATH));
        assertFailure(
                Failure.EXPIRES_TOO_FAR_AHEAD,
                verify(signed(ALICE, "GET", PATH, ALICE.getAddress(), now + 301), "GET", PATH));
        assertInstanceOf(Signer.class, verify(signed(ALICE, "GET", PATH, ALICE.getAddress(), now + 1), "GET", PATH));
    }

    @Test
    void aSignatureByAnotherKeyThanTheClaimedAddressIsWrong() {
        var headers = signed(MALLORY, "GET", PATH, ALICE.getAddress(), NOW.getEpochSecond() + 60);
        assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "GET", PATH));
    }

    @Test
    void aSignatureCoversMethodPathNonceAndExpiry() {
        long expires = NOW.getEpochSecond() + 60;
        var headers = signed(ALICE, "GET", PATH, ALICE.getAddress(), expires);
        assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "POST", PATH));
        assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "GET", "/tenant/rentals/43"));

        var otherNonce = new HashMap<>(headers);
        otherNonce.put(TenantSignature.NONCE_HEADER, NONCE + "x");
        assertFailure(Failure.WRONG_SIGNATURE, verify(otherNonce, "GET", PATH));

        var otherExpiry = new HashMap<>(headers);
        otherExpiry.put(TenantSignature.EXPIRES_HEADER, Long.toString(expires + 1));
        assertFailure(Failure.WRONG_SIGNATURE, verify(otherExpiry, "GET", PATH));
    }

    /** Zero or random r and s must give a named failure, never an exception out of web3j. */
    @Test
    void hostileSignaturesAreRefusedWithoutThrowing() {
        var headers = signed(ALICE, "GET", PATH, ALICE.getAddress(), NOW.getEpochSecond() + 60);
        headers.put(TenantSignature.SIGNATURE_HEADER, "0x" + "00".repeat(64) + "1b");
        assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "GET", PATH));
        headers.put(TenantSignature.SIGNATURE_HEADER, "0x" + "ff".repeat(64) + "1c");
        assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "GET", PATH));

        var random = new Random(6);
        var bytes = new byte[64];
        for (int i = 0; i < 2_000; i++) {
            random.nextBytes(bytes);
            headers.put(
                    TenantSignature.SIGNATURE_HEADER,
                    "0x" + HexFormat.of().formatHex(bytes) + (random.nextBoolean() ? "1b" : "1c"));
            assertFailure(Failure.WRONG_SIGNATURE, verify(headers, "GET", PATH));
        }
    }

    static Map<String, String> signed(Credentials key, String method, String path, String address, long expires) {
        var message = TenantSignature.message(method, path, address, NONCE, expires);
        var data = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key.getEcKeyPair());
        var headers = new HashMap<String, String>();
        headers.put(TenantSignature.ADDRESS_HEADER, address);
        headers.put(TenantSignature.NONCE_HEADER, NONCE);
        headers.put(TenantSignature.EXPIRES_HEADER, Long.toString(expires));
        headers.put(
                TenantSignature.SIGNATURE_HEADER,
                "0x" + HexFormat.of().formatHex(data.getR()) + HexFormat.of().formatHex(data.getS())
                        + HexFormat.of().formatHex(data.getV()));
        return headers;
    }

    private static TenantSignature.Verified verify(Map<String, String> headers, String method, String path) {
        var parsed = assertInstanceOf(TenantSignature.Presented.class, TenantSignature.parse(lookup(headers)));
        return parsed.verify(method, path, NOW);
    }

    private static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> headers) {
        return name -> Optional.ofNullable(headers.get(name));
    }

    private static void assertFailure(Failure expected, Object outcome) {
        assertEquals(expected, assertInstanceOf(Refusal.class, outcome).failure());
    }
}
