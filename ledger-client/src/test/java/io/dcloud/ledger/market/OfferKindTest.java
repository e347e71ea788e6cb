package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OfferKindTest {
    @Test
    void readsTheDocumentedIdsAndTheEnumSpelling() {
        assertEquals(OfferKind.SEV_SNP, OfferKind.parse("sev-snp"));
        assertEquals(OfferKind.SEV_SNP, OfferKind.parse("sev_snp"));
        assertEquals(OfferKind.SEV_SNP, OfferKind.parse("SEV-SNP"));
        assertEquals(OfferKind.TDX, OfferKind.parse("tdx"));
        assertEquals("sev-snp", OfferKind.SEV_SNP.id());
        assertEquals("gpu", OfferKind.GPU.id());
    }

    @Test
    void refusesUnknownKindsNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfferKind.parse("sev"));
        assertTrue(e.getMessage().contains("standard, sev-snp, tdx, gpu"), e.getMessage());
    }
}
