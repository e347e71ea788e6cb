package io.dcloud.appliance.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/** Fresh OpenSSH public key lines for tests. */
public final class TestKeys {
    private TestKeys() {}

    public static String ed25519(String comment) {
        var generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        try {
            byte[] blob = OpenSSHPublicKeyUtil.encodePublicKey(
                    generator.generateKeyPair().getPublic());
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob) + " " + comment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
