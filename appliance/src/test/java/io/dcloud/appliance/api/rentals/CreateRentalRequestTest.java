package io.dcloud.appliance.api.rentals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.local.TestKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.Test;

class CreateRentalRequestTest {
    private static final RentalSize OFFER = new RentalSize(2, 4096, 40);
    private static final String KEY = TestKeys.ed25519("admin@laptop");

    @Test
    void aValidRequestTakesTheOfferSizeForWhatItLeavesOut() {
        var rental = new CreateRentalRequest("web-1", "  " + KEY + "\n", 24, null, 1024, null).validate(OFFER);
        assertEquals(new NewRental("web-1", KEY, 24, new RentalSize(2, 1024, 40)), rental);
        assertEquals(
                new RentalSize(1, 128, 1),
                new CreateRentalRequest("a", KEY, 8760, 1, 128, 1)
                        .validate(OFFER)
                        .size());
    }

    @Test
    void rsaAndEcdsaKeysAreAcceptedToo() throws Exception {
        for (String algorithm : List.of("RSA", "EC")) {
            var pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            var blob = OpenSSHPublicKeyUtil.encodePublicKey(
                    PublicKeyFactory.createKey(pair.getPublic().getEncoded()));
            String type = algorithm.equals("RSA") ? "ssh-rsa" : "ecdsa-sha2-nistp" + ecBits(pair);
            String line = type + " " + Base64.getEncoder().encodeToString(blob);
            assertEquals(
                    line,
                    new CreateRentalRequest("web", line, 1, null, null, null)
                            .validate(OFFER)
                            .sshKey());
        }
    }

    @Test
    void everyMissingFieldIsNamed() {
        assertEquals(
                List.of(
                        "label: is required, " + io.dcloud.appliance.reconcile.RentalLabel.RULE,
                        "sshKey: is required, one OpenSSH public key line, e.g. 'ssh-ed25519 AAAAC3Nza... me@laptop'",
                        "hours: is required, 1..8760"),
                errors(new CreateRentalRequest(null, " ", null, null, null, null)));
    }

    @Test
    void labelsFollowTheLedgerRule() {
        for (String label : List.of("Web", "-web", "web-", "web.example", "a_b", "x".repeat(64), "")) {
            var errors = errors(new CreateRentalRequest(label, KEY, 1, null, null, null));
            assertEquals(1, errors.size(), label);
            assertTrue(errors.get(0).startsWith("label: '"), errors.get(0));
        }
    }

    @Test
    void sshKeysMustParse() {
        String ed25519Blob = KEY.split(" ")[1];
        assertEquals(
                List.of("sshKey: is not '<type> <base64 key> [comment]', e.g. 'ssh-ed25519 AAAAC3Nza... me@laptop'"),
                errors(new CreateRentalRequest("web", "ssh-ed25519", 1, null, null, null)));
        assertTrue(errors(new CreateRentalRequest("web", "ssh-ed25519 !!notbase64!!", 1, null, null, null))
                .get(0)
                .startsWith("sshKey: the key data is not base64"));
        assertEquals(
                List.of("sshKey: the line says ssh-rsa but the key data is of type ssh-ed25519"),
                errors(new CreateRentalRequest("web", "ssh-rsa " + ed25519Blob, 1, null, null, null)));
        assertEquals(
                List.of("sshKey: the key data is truncated"),
                errors(new CreateRentalRequest("web", "ssh-ed25519 AAAA", 1, null, null, null)));
        assertTrue(errors(new CreateRentalRequest("web", "ssh-ed25519 " + truncatedEd25519(), 1, null, null, null))
                .get(0)
                .startsWith("sshKey: not a valid ssh-ed25519 public key"));
        assertEquals(
                List.of("sshKey: must be one line (one key)"),
                errors(new CreateRentalRequest("web", KEY + "\n" + KEY, 1, null, null, null)));
    }

    @Test
    void hoursAndSizesAreBounded() {
        assertEquals(
                List.of(
                        "hours: 0 is not in 1..8760",
                        "vcpus: 0 is not in 1..2 (at most this host's offer size)",
                        "ramMib: 4097 is not in 128..4096 (at most this host's offer size)",
                        "diskGib: 41 is not in 1..40 (at most this host's offer size)"),
                errors(new CreateRentalRequest("web", KEY, 0, 0, 4097, 41)));
        assertEquals(
                List.of("hours: 8761 is not in 1..8760"),
                errors(new CreateRentalRequest("web", KEY, 8761, 2, 4096, 40)));
    }

    private static List<String> errors(CreateRentalRequest request) {
        var e = assertThrows(ProblemException.class, () -> request.validate(OFFER));
        assertEquals(400, e.problem().status());
        return e.problem().errors();
    }

    private static String truncatedEd25519() {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        var blob = ByteBuffer.allocate(4 + type.length + 4 + 8)
                .putInt(type.length)
                .put(type)
                .putInt(32)
                .put(new byte[8]);
        return Base64.getEncoder().encodeToString(blob.array());
    }

    private static int ecBits(java.security.KeyPair pair) {
        return ((java.security.interfaces.ECPublicKey) pair.getPublic())
                .getParams()
                .getCurve()
                .getField()
                .getFieldSize();
    }
}
