package io.dcloud.attest.agent;

import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stands in for the platform on a machine without SEV-SNP or TDX: answers every request with the same recorded
 * evidence bundle, whatever the nonce. Evidence from it verifies against the real roots but binds only the nonce
 * it was recorded with, so a verifier with a fresh nonce rejects it: it exists for tests and demonstrations of the
 * relay, never to vouch for a guest.
 */
public final class RecordedEvidence implements EvidenceSource {

    private final EvidenceBundle bundle;

    private RecordedEvidence(EvidenceBundle bundle) {
        this.bundle = bundle;
    }

    /** Reads a `dcloud attest report` bundle; fails now, not at the first request, when it is not one. */
    public static RecordedEvidence read(Path bundleFile) throws IOException, ParseException {
        byte[] bytes = Files.readAllBytes(bundleFile);
        EvidenceReader.read(bytes, Optional.empty());
        return new RecordedEvidence(EvidenceBundle.parse(bytes));
    }

    public static RecordedEvidence of(EvidenceBundle bundle) {
        return new RecordedEvidence(bundle);
    }

    @Override
    public EvidenceBundle collect(byte[] reportData) {
        return bundle;
    }
}
