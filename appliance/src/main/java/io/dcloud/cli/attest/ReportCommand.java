package io.dcloud.cli.attest;

import io.dcloud.attest.collect.ReportCollector;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.NonceBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud attest report`: inside a confidential guest, write evidence bound to the tenant's nonce. */
@Command(
        name = "report",
        header = "Inside a confidential guest: write evidence bound to a nonce.",
        description = {
            "Inside a confidential guest: get an SEV-SNP report or TDX quote whose REPORT_DATA binds the nonce",
            "(SHA-512(nonce) by default) and write it as a dcloud evidence bundle for `dcloud attest verify`.",
            "Uses configfs-tsm (/sys/kernel/config/tsm/report), else /dev/sev-guest."
        })
public final class ReportCommand extends AttestSubcommand {

    @Option(names = "--nonce", required = true, paramLabel = "HEX", description = "The verifier's fresh nonce.")
    String nonce;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the evidence bundle.")
    Path out;

    @Option(
            names = "--nonce-binding",
            paramLabel = "MODE",
            description = "sha512 (default): REPORT_DATA = SHA-512(nonce); raw: the nonce zero-padded to 64 bytes.")
    NonceBinding binding = NonceBinding.SHA512;

    @Override
    public Integer call() throws Exception {
        byte[] reportData;
        try {
            reportData = binding.reportData(Hex.parse(nonce, "--nonce"));
        } catch (ParseException | IllegalArgumentException e) {
            err().println("dcloud attest report: " + e.getMessage());
            return 2;
        }
        EvidenceBundle bundle;
        try {
            bundle = ReportCollector.collect(reportData);
        } catch (IOException | ParseException e) {
            err().println("dcloud attest report: " + e.getMessage());
            return 1;
        }
        // Written beside the target and moved into place so a failure leaves no half-written file.
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".evidence", ".tmp");
        Files.write(tmp, bundle.toJson());
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out().println("wrote " + bundle.provider() + " evidence to " + out);
        return 0;
    }
}
