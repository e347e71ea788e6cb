package io.dcloud.attest.collect;

import com.sun.jna.Memory;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Inside a confidential guest: asks the platform for evidence binding 64 bytes of report data. Tries the
 * kernel's configfs-tsm interface first (SNP and TDX, with the host's certificate table as auxblob), then
 * /dev/sev-guest, then /dev/tdx_guest's TDX_CMD_GET_QUOTE, which only pre-configfs-tsm TDX guest kernels
 * have. Upstream Linux's /dev/tdx_guest offers just TDX_CMD_GET_REPORT0, a TDREPORT whose MAC key never
 * leaves the CPU, so nobody else can verify it; there only configfs-tsm reaches the quoting enclave.
 */
public final class ReportCollector {

    public static final Path CONFIGFS_TSM = Path.of("/sys/kernel/config/tsm/report");
    static final Path SEV_GUEST = Path.of("/dev/sev-guest");
    static final Path TDX_GUEST = Path.of("/dev/tdx_guest");

    private ReportCollector() {}

    /** Collects evidence here; fails with a message that says what is missing. */
    public static EvidenceBundle collect(byte[] reportData) throws IOException, ParseException {
        return collect(reportData, CONFIGFS_TSM, SEV_GUEST, TDX_GUEST);
    }

    static EvidenceBundle collect(byte[] reportData, Path configfsTsm, Path sevGuest, Path tdxGuest)
            throws IOException, ParseException {
        return collect(reportData, configfsTsm, sevGuest, tdxGuest, TdxGuestDevice.at(tdxGuest));
    }

    static EvidenceBundle collect(
            byte[] reportData, Path configfsTsm, Path sevGuest, Path tdxGuest, TdxGuestDevice.Call tdxDevice)
            throws IOException, ParseException {
        if (Files.isDirectory(configfsTsm)) {
            Path entry = configfsTsm.resolve("dcloud-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
            Files.createDirectory(entry);
            try {
                return fromConfigfsEntry(entry, reportData);
            } finally {
                Files.deleteIfExists(entry);
            }
        }
        if (Files.exists(sevGuest)) {
            return fromSevGuest(sevGuest, reportData);
        }
        if (Files.exists(tdxGuest)) {
            Optional<EvidenceBundle> quote = TdxGuestDevice.quote(reportData, tdxDevice);
            if (quote.isPresent()) {
                return quote.get();
            }
            throw new IOException("found " + tdxGuest + " without TDX_CMD_GET_QUOTE and no " + configfsTsm
                    + ": on this kernel a verifiable TDX quote comes only through configfs-tsm (Linux 6.7 or later with"
                    + " CONFIG_TSM_REPORTS; if configfs is not mounted: mount -t configfs none /sys/kernel/config)."
                    + " " + tdxGuest + " gives only a TDREPORT, MAC'd with a key that never leaves this CPU,"
                    + " which no verifier elsewhere can check");
        }
        throw new IOException(
                "not a confidential guest: none of " + configfsTsm + ", " + sevGuest + ", " + tdxGuest + " exists");
    }

    /**
     * The configfs-tsm protocol on one report entry: write inblob, read outblob (the report or quote),
     * auxblob (SNP certificate table, may be empty) and provider.
     */
    public static EvidenceBundle fromConfigfsEntry(Path entry, byte[] reportData) throws IOException {
        if (reportData.length != 64) {
            throw new IllegalArgumentException("report data must be 64 bytes");
        }
        Files.write(entry.resolve("inblob"), reportData);
        byte[] out = Files.readAllBytes(entry.resolve("outblob"));
        Path auxPath = entry.resolve("auxblob");
        Optional<byte[]> aux = Files.exists(auxPath) ? Optional.of(Files.readAllBytes(auxPath)) : Optional.empty();
        String provider = Files.exists(entry.resolve("provider"))
                ? Files.readString(entry.resolve("provider"), StandardCharsets.US_ASCII)
                        .strip()
                : "unknown";
        return new EvidenceBundle(provider, out, aux.filter(a -> a.length > 0));
    }

    private static EvidenceBundle fromSevGuest(Path device, byte[] reportData) throws IOException, ParseException {
        byte[] request = SnpGuestRequest.request(reportData, 0);
        try (Memory req = new Memory(request.length);
                Memory resp = new Memory(SnpGuestRequest.RESPONSE_LENGTH);
                Memory arg = new Memory(32)) {
            req.write(0, request, 0, request.length);
            resp.clear();
            byte[] a = SnpGuestRequest.ioctlArgument(
                    com.sun.jna.Pointer.nativeValue(req), com.sun.jna.Pointer.nativeValue(resp));
            arg.write(0, a, 0, a.length);
            int errno = Ioctl.call(device.toString(), SnpGuestRequest.SNP_GET_REPORT, arg);
            if (errno != 0) {
                throw new IOException("SNP_GET_REPORT failed: errno " + errno + ", firmware/VMM error 0x"
                        + Long.toHexString(arg.getLong(24)));
            }
            return new EvidenceBundle(
                    "sev_guest",
                    SnpGuestRequest.report(resp.getByteArray(0, SnpGuestRequest.RESPONSE_LENGTH)),
                    Optional.empty());
        }
    }
}
