package io.dcloud.appliance.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainChallengeTest {

    private static final String PROVIDER = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final String TENANT = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    private static final DomainName DOMAIN = new DomainName("app.example.com");

    @Test
    void theRecordIsTheDocumentedHashUnderTheChallengeLabel() throws Exception {
        var challenge = DomainChallenge.of(PROVIDER, "42", TENANT, DOMAIN);
        assertEquals("_dcloud-challenge.app.example.com", challenge.name());
        assertEquals("TXT", challenge.type());
        var input = "dcloud-domain-v1|0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266|42"
                + "|0x2c7536e3605d9c16a7a3d7b1898e529396a65c23|app.example.com";
        assertEquals(input, DomainChallenge.input(PROVIDER, "42", TENANT, DOMAIN));
        var expected = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, challenge.value());
        assertEquals(43, challenge.value().length());
        // computed outside Java (Python hashlib), so that a change of the derivation cannot pass unnoticed
        assertEquals("vfaRZsEMXwPQ64pRy9tcw0OCjuFYtvzFBAkRagnls8U", challenge.value());
    }

    @Test
    void theValueIsDeterministicAndBoundToEveryPart() {
        var base = DomainChallenge.of(PROVIDER, "42", TENANT, DOMAIN);
        assertEquals(base, DomainChallenge.of(PROVIDER.toLowerCase(), "42", TENANT.toUpperCase(), DOMAIN));
        var values = new HashSet<String>();
        for (var other : List.of(
                base,
                DomainChallenge.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "42", TENANT, DOMAIN),
                DomainChallenge.of(PROVIDER, "43", TENANT, DOMAIN),
                DomainChallenge.of(PROVIDER, "42", PROVIDER, DOMAIN),
                DomainChallenge.of(PROVIDER, "42", TENANT, new DomainName("www.example.com")))) {
            values.add(other.value());
        }
        assertEquals(5, values.size());
        assertNotEquals(
                base.name(),
                DomainChallenge.of(PROVIDER, "42", TENANT, new DomainName("b.example"))
                        .name());
    }
}
