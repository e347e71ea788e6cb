package io.dcloud.attest.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import io.dcloud.attest.Vectors;
import io.dcloud.attest.collect.TdxGuestRequest.QuoteStatus;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.tdx.TdxQuoteParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /dev/tdx_guest quote path: ioctl numbers and structs against the kernel headers (upstream
 * tdx-guest.h for GET_REPORT0, the TDX guest kernels' GET_QUOTE), and the collector driven through its
 * ioctl seam by a stand-in kernel that answers with a recorded quote. No TDX hardware is involved.
 */
class TdxGuestDeviceTest {

    private static final String RECORDED = "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat";

    /** Answers like a TDX guest kernel whose host returns {@code quote} with {@code status}. */
    private static final class StandInKernel implements TdxGuestDevice.Call {
        final Set<Long> getQuoteNumbers;
        final byte[] tdReport = new byte[TdxGuestRequest.TDREPORT_LENGTH];
        final List<Long> requests = new ArrayList<>();
        byte[] quote = new byte[0];
        long status = QuoteStatus.GET_QUOTE_SUCCESS.code();
        int getQuoteErrno = TdxGuestDevice.ENOTTY;
        long outLen = -1;
        byte[] reportDataSeen;
        byte[] quoteBufferSeen;
        long quoteBufferAddress;
        long quoteBufferLength;

        StandInKernel(Long... getQuoteNumbers) {
            this.getQuoteNumbers = Set.of(getQuoteNumbers);
            for (int i = 0; i < tdReport.length; i++) {
                tdReport[i] = (byte) (i * 7 + 3);
            }
        }

        @Override
        public int ioctl(long request, Pointer arg) {
            requests.add(request);
            if (request == TdxGuestRequest.TDX_CMD_GET_REPORT0) {
                reportDataSeen = arg.getByteArray(0, 64);
                arg.write(64, tdReport, 0, tdReport.length);
                return 0;
            }
            if (!getQuoteNumbers.contains(request)) {
                return getQuoteErrno;
            }
            quoteBufferAddress = arg.getLong(0);
            quoteBufferLength = arg.getLong(8);
            Pointer buf = new Pointer(quoteBufferAddress);
            quoteBufferSeen = buf.getByteArray(0, (int) quoteBufferLength);
            buf.setLong(8, status);
            buf.setInt(20, (int) (outLen >= 0 ? outLen : quote.length));
            buf.write(24, quote, 0, quote.length);
            return 0;
        }
    }

    private static byte[] reportData() {
        byte[] d = new byte[64];
        Arrays.fill(d, (byte) 0x5a);
        d[63] = 1;
        return d;
    }

    @Test
    void ioctlNumbersMatchTheKernelHeaders() {
        // _IOWR('T', 1, struct tdx_report_req): 1088 bytes, as upstream Linux defines it.
        assertEquals(0xC4405401L, TdxGuestRequest.TDX_CMD_GET_REPORT0);
        // _IOR('T', 2, struct tdx_quote_req) and _IOR('T', 4, ...): a 16-byte argument the kernel writes.
        assertEquals(0x80105402L, TdxGuestRequest.TDX_CMD_GET_QUOTE);
        assertEquals(0x80105404L, TdxGuestRequest.TDX_CMD_GET_QUOTE_TDX15);
    }

    @Test
    void reportRequestLayout() {
        byte[] req = TdxGuestRequest.reportRequest(reportData());
        assertEquals(64 + 1024, req.length);
        assertArrayEquals(reportData(), Arrays.copyOf(req, 64));
        assertArrayEquals(new byte[1024], Arrays.copyOfRange(req, 64, 1088));
        req[64] = 9;
        req[1087] = 8;
        byte[] tdReport = TdxGuestRequest.tdReport(req);
        assertEquals(1024, tdReport.length);
        assertEquals(9, tdReport[0]);
        assertEquals(8, tdReport[1023]);
        assertThrows(IllegalArgumentException.class, () -> TdxGuestRequest.reportRequest(new byte[32]));
    }

    @Test
    void quoteBufferAndRequestLayouts() {
        byte[] tdReport = new byte[1024];
        Arrays.fill(tdReport, (byte) 0xcd);
        byte[] buf = TdxGuestRequest.quoteBuffer(tdReport);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16384, buf.length);
        assertEquals(1, b.getLong(0)); // version
        assertEquals(0, b.getLong(8)); // status, filled by the VMM
        assertEquals(1024, b.getInt(16)); // in_len
        assertEquals(0, b.getInt(20)); // out_len, filled by the VMM
        assertArrayEquals(tdReport, Arrays.copyOfRange(buf, 24, 24 + 1024));
        assertArrayEquals(new byte[16384 - 24 - 1024], Arrays.copyOfRange(buf, 24 + 1024, 16384));
        byte[] req = TdxGuestRequest.quoteRequest(0x1122334455667000L, 16384);
        ByteBuffer r = ByteBuffer.wrap(req).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(16, req.length);
        assertEquals(0x1122334455667000L, r.getLong(0));
        assertEquals(16384, r.getLong(8));
        assertThrows(IllegalArgumentException.class, () -> TdxGuestRequest.quoteBuffer(new byte[1023]));
    }

    private static byte[] answered(long status, int outLen, byte[] quote) {
        ByteBuffer b =
                ByteBuffer.wrap(TdxGuestRequest.quoteBuffer(new byte[1024])).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, status).putInt(20, outLen).put(24, quote);
        return b.array();
    }

    @Test
    void successGivesOutLenBytesOfData() throws Exception {
        byte[] quote = Vectors.bytes(RECORDED);
        assertArrayEquals(quote, TdxGuestRequest.quote(answered(0, quote.length, quote)));
        assertArrayEquals(Arrays.copyOf(quote, 100), TdxGuestRequest.quote(answered(0, 100, quote)));
    }

    @Test
    void everyKnownFailureStatusIsNamed() {
        assertEquals(0xffffffffffffffffL, QuoteStatus.GET_QUOTE_IN_FLIGHT.code());
        assertEquals(0x8000000000000000L, QuoteStatus.GET_QUOTE_ERROR.code());
        assertEquals(0x8000000000000001L, QuoteStatus.GET_QUOTE_SERVICE_UNAVAILABLE.code());
        for (QuoteStatus s : QuoteStatus.values()) {
            if (s == QuoteStatus.GET_QUOTE_SUCCESS) {
                continue;
            }
            ParseException e = assertThrows(
                    ParseException.class, () -> TdxGuestRequest.quote(answered(s.code(), 10, new byte[10])));
            assertTrue(e.getMessage().contains(s.name() + " (0x" + Long.toHexString(s.code()) + ")"), e.getMessage());
            assertTrue(e.getMessage().contains(s.meaning()), e.getMessage());
        }
        ParseException unknown =
                assertThrows(ParseException.class, () -> TdxGuestRequest.quote(answered(0x42, 10, new byte[10])));
        assertTrue(unknown.getMessage().contains("unknown status 0x42"), unknown.getMessage());
    }

    @Test
    void outLenOutsideTheBufferIsRefused() {
        ParseException tooLong = assertThrows(
                ParseException.class, () -> TdxGuestRequest.quote(answered(0, 16384 - 24 + 1, new byte[0])));
        assertTrue(tooLong.getMessage().contains("out_len 16361 exceeds the 16360 bytes"), tooLong.getMessage());
        ParseException huge =
                assertThrows(ParseException.class, () -> TdxGuestRequest.quote(answered(0, -1, new byte[0])));
        assertTrue(huge.getMessage().contains("out_len 4294967295 exceeds"), huge.getMessage());
        ParseException empty =
                assertThrows(ParseException.class, () -> TdxGuestRequest.quote(answered(0, 0, new byte[0])));
        assertTrue(empty.getMessage().contains("out_len 0"), empty.getMessage());
        assertThrows(ParseException.class, () -> TdxGuestRequest.quote(new byte[12]));
    }

    @Test
    void aRecordedQuoteFromTheDeviceIsReadBackAsTdxEvidence() throws Exception {
        byte[] recorded = Vectors.bytes(RECORDED);
        StandInKernel kernel = new StandInKernel(TdxGuestRequest.TDX_CMD_GET_QUOTE);
        kernel.quote = recorded;
        EvidenceBundle bundle = TdxGuestDevice.quote(reportData(), kernel).orElseThrow();

        assertEquals(List.of(TdxGuestRequest.TDX_CMD_GET_REPORT0, TdxGuestRequest.TDX_CMD_GET_QUOTE), kernel.requests);
        assertArrayEquals(reportData(), kernel.reportDataSeen);
        assertEquals(0, kernel.quoteBufferAddress % 4096, "GetQuote buffer page-aligned");
        assertEquals(16384, kernel.quoteBufferLength);
        assertArrayEquals(TdxGuestRequest.quoteBuffer(kernel.tdReport), kernel.quoteBufferSeen);

        assertEquals("tdx_guest", bundle.provider());
        assertTrue(bundle.auxblob().isEmpty());
        Evidence evidence = EvidenceReader.read(bundle.toJson(), Optional.empty());
        assertEquals(Evidence.Tee.TDX, evidence.tee());
        assertArrayEquals(recorded, evidence.bytes());
        assertEquals(
                "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113",
                Hex.of(TdxQuoteParser.parse(evidence.bytes()).body().reportData()));
    }

    @Test
    void intelTdx15KernelsAreReachedAtTheirOwnNumber() throws Exception {
        StandInKernel kernel = new StandInKernel(TdxGuestRequest.TDX_CMD_GET_QUOTE_TDX15);
        kernel.quote = Vectors.bytes(RECORDED);
        EvidenceBundle bundle = TdxGuestDevice.quote(reportData(), kernel).orElseThrow();
        assertEquals(
                List.of(
                        TdxGuestRequest.TDX_CMD_GET_REPORT0,
                        TdxGuestRequest.TDX_CMD_GET_QUOTE,
                        TdxGuestRequest.TDX_CMD_GET_QUOTE_TDX15),
                kernel.requests);
        assertArrayEquals(kernel.quote, bundle.outblob());
    }

    @Test
    void aHostFailureStatusReachesTheCaller() {
        StandInKernel kernel = new StandInKernel(TdxGuestRequest.TDX_CMD_GET_QUOTE);
        kernel.status = QuoteStatus.GET_QUOTE_SERVICE_UNAVAILABLE.code();
        ParseException e = assertThrows(ParseException.class, () -> TdxGuestDevice.quote(reportData(), kernel));
        assertTrue(e.getMessage().contains("GET_QUOTE_SERVICE_UNAVAILABLE"), e.getMessage());
        kernel.status = 0;
        kernel.outLen = 20000;
        e = assertThrows(ParseException.class, () -> TdxGuestDevice.quote(reportData(), kernel));
        assertTrue(e.getMessage().contains("out_len 20000 exceeds"), e.getMessage());
    }

    @Test
    void upstreamKernelsWithoutGetQuoteGiveNothing() throws Exception {
        StandInKernel enotty = new StandInKernel();
        assertTrue(TdxGuestDevice.quote(reportData(), enotty).isEmpty());
        assertEquals(3, enotty.requests.size());
        StandInKernel einval = new StandInKernel();
        einval.getQuoteErrno = TdxGuestDevice.EINVAL;
        assertTrue(TdxGuestDevice.quote(reportData(), einval).isEmpty());
    }

    @Test
    void otherErrnosAreReported() {
        StandInKernel busy = new StandInKernel();
        busy.getQuoteErrno = TdxGuestDevice.EBUSY;
        IOException e = assertThrows(IOException.class, () -> TdxGuestDevice.quote(reportData(), busy));
        assertTrue(e.getMessage().contains("busy with another quote request (EBUSY)"), e.getMessage());
        StandInKernel eio = new StandInKernel();
        eio.getQuoteErrno = 5;
        e = assertThrows(IOException.class, () -> TdxGuestDevice.quote(reportData(), eio));
        assertEquals("TDX_CMD_GET_QUOTE 0x80105402 failed: errno 5", e.getMessage());
    }

    @Test
    void theCollectorUsesTheDeviceQuoteWhenConfigfsTsmIsMissing(@TempDir Path dir) throws Exception {
        Path tdxGuest = Files.createFile(dir.resolve("tdx_guest"));
        StandInKernel kernel = new StandInKernel(TdxGuestRequest.TDX_CMD_GET_QUOTE);
        kernel.quote = Vectors.bytes(RECORDED);
        EvidenceBundle b = ReportCollector.collect(
                reportData(), dir.resolve("tsm-report"), dir.resolve("sev-guest"), tdxGuest, kernel);
        assertArrayEquals(kernel.quote, b.outblob());
    }

    @Test
    void aFileThatIsNoTdxDeviceFailsAtGetReport0(@TempDir Path dir) throws Exception {
        // The real JNA path: open and ioctl on a regular file, which the kernel answers with ENOTTY.
        Path notADevice = Files.createFile(dir.resolve("tdx_guest"));
        IOException e = assertThrows(
                IOException.class, () -> TdxGuestDevice.quote(reportData(), TdxGuestDevice.at(notADevice)));
        assertEquals("TDX_CMD_GET_REPORT0 failed: errno 25", e.getMessage());
    }
}
