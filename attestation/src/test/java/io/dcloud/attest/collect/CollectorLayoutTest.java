package io.dcloud.attest.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-side layouts against include/uapi/linux/sev-guest.h, the configfs-tsm file protocol, and what
 * the collector says when neither is there (the /dev/tdx_guest quote path is in {@link TdxGuestDeviceTest}).
 */
class CollectorLayoutTest {

    @Test
    void ioctlNumbersMatchTheKernelHeaders() {
        // _IOWR('S', 0x0, struct snp_guest_request_ioctl) as the kernel computes it.
        assertEquals(0xC0205300L, SnpGuestRequest.SNP_GET_REPORT);
        assertEquals(0xC0105300L, io.dcloud.attest.platform.PlatformFacts.SEV_ISSUE_CMD);
    }

    @Test
    void requestAndIoctlArgumentLayouts() {
        byte[] data = new byte[64];
        Arrays.fill(data, (byte) 0xab);
        byte[] req = SnpGuestRequest.request(data, 2);
        assertEquals(96, req.length);
        assertArrayEquals(data, Arrays.copyOf(req, 64));
        assertEquals(2, ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN).getInt(64));
        byte[] arg = SnpGuestRequest.ioctlArgument(0x1122334455667788L, 0x0102030405060708L);
        ByteBuffer a = ByteBuffer.wrap(arg).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, arg[0]);
        assertEquals(0x1122334455667788L, a.getLong(8));
        assertEquals(0x0102030405060708L, a.getLong(16));
    }

    @Test
    void responseCarriesTheReportAfterA32ByteHeader() throws Exception {
        byte[] report = Vectors.bytes("snp/go-sev-guest/attestation.bin");
        ByteBuffer resp = ByteBuffer.allocate(SnpGuestRequest.RESPONSE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        resp.putInt(0, 0).putInt(4, report.length).put(32, report);
        assertArrayEquals(report, SnpGuestRequest.report(resp.array()));
        resp.putInt(0, 0x16);
        assertTrue(assertThrows(ParseException.class, () -> SnpGuestRequest.report(resp.array()))
                .getMessage()
                .contains("0x16"));
        resp.putInt(0, 0).putInt(4, 5000);
        assertThrows(ParseException.class, () -> SnpGuestRequest.report(resp.array()));
    }

    @Test
    void configfsEntryProtocol(@TempDir Path entry) throws Exception {
        byte[] report = Vectors.bytes("snp/go-sev-guest/attestation.bin");
        Files.write(entry.resolve("outblob"), report);
        Files.write(entry.resolve("auxblob"), new byte[0]);
        Files.writeString(entry.resolve("provider"), "sev_guest\n");
        byte[] data = new byte[64];
        data[0] = 7;
        EvidenceReader.EvidenceBundle b = ReportCollector.fromConfigfsEntry(entry, data);
        assertArrayEquals(data, Files.readAllBytes(entry.resolve("inblob")));
        assertEquals("sev_guest", b.provider());
        assertTrue(b.auxblob().isEmpty());
        assertArrayEquals(
                report, EvidenceReader.read(b.toJson(), Optional.empty()).bytes());
    }

    @Test
    void anUpstreamTdxGuestWithoutConfigfsTsmSaysWhyNoQuoteIsPossible(@TempDir Path dir) throws Exception {
        Path tdxGuest = Files.createFile(dir.resolve("tdx_guest"));
        // Upstream /dev/tdx_guest: GET_REPORT0 works, any GET_QUOTE number is unknown to the kernel.
        TdxGuestDevice.Call upstream =
                (request, arg) -> request == TdxGuestRequest.TDX_CMD_GET_REPORT0 ? 0 : TdxGuestDevice.ENOTTY;
        IOException e = assertThrows(
                IOException.class,
                () -> ReportCollector.collect(
                        new byte[64], dir.resolve("tsm-report"), dir.resolve("sev-guest"), tdxGuest, upstream));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "found " + tdxGuest + " without TDX_CMD_GET_QUOTE and no " + dir.resolve("tsm-report")),
                e.getMessage());
        assertTrue(e.getMessage().contains("CONFIG_TSM_REPORTS"), e.getMessage());
        assertTrue(e.getMessage().contains("mount -t configfs"), e.getMessage());
        assertTrue(e.getMessage().contains("gives only a TDREPORT"), e.getMessage());
    }

    @Test
    void noDeviceAtAllIsNotAConfidentialGuest(@TempDir Path dir) {
        IOException e = assertThrows(
                IOException.class,
                () -> ReportCollector.collect(
                        new byte[64], dir.resolve("tsm-report"), dir.resolve("sev-guest"), dir.resolve("tdx_guest")));
        assertTrue(e.getMessage().startsWith("not a confidential guest: none of "), e.getMessage());
    }
}
