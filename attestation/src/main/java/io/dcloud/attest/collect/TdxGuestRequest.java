package io.dcloud.attest.collect;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Byte layouts of the /dev/tdx_guest ioctls. TDX_CMD_GET_REPORT0 is upstream
 * (include/uapi/linux/tdx-guest.h): tdx_report_req {reportdata[64], tdreport[1024]}. TDX_CMD_GET_QUOTE
 * never reached upstream Linux (configfs-tsm took its place) but Intel's and Ubuntu's TDX guest kernels
 * carried it: tdx_quote_req {u64 buf, u64 len} points at the GHCI GetQuote buffer tdx_quote_hdr {u64
 * version, u64 status, u32 in_len, u32 out_len, data[]}; the TDREPORT goes into data and the host's quote
 * comes back in its place.
 */
public final class TdxGuestRequest {

    public static final int REPORT_DATA_LENGTH = 64;
    public static final int TDREPORT_LENGTH = 1024;

    /** _IOWR('T', 1, struct tdx_report_req). */
    public static final long TDX_CMD_GET_REPORT0 = Ioctl.iowr('T', 1, REPORT_DATA_LENGTH + TDREPORT_LENGTH);

    /** _IOR('T', 2, struct tdx_quote_req): the number of the posted kernel patch and the kernels built on it. */
    public static final long TDX_CMD_GET_QUOTE = Ioctl.ior('T', 2, 16);

    /**
     * _IOR('T', 4, struct tdx_quote_req): Intel's TDX 1.5 guest kernels, where 2 and 3 are VERIFY_REPORT and
     * EXTEND_RTMR (as Intel DCAP's libtdx_attest numbers them).
     */
    public static final long TDX_CMD_GET_QUOTE_TDX15 = Ioctl.ior('T', 4, 16);

    /** tdx_quote_hdr before data[]. */
    public static final int QUOTE_HEADER_LENGTH = 24;

    /** Four pages, as libtdx_attest and go-tdx-guest pass; a v4 quote with its PCK chain is about 5 KiB. */
    public static final int QUOTE_BUFFER_LENGTH = 4 * 4096;

    /** The GetQuote buffer format version the TD writes. */
    static final long QUOTE_VERSION = 1;

    /** What the host wrote into tdx_quote_hdr.status (GHCI TDG.VP.VMCALL<GetQuote>). */
    public enum QuoteStatus {
        GET_QUOTE_SUCCESS(0, "quote generated"),
        GET_QUOTE_IN_FLIGHT(0xffffffffffffffffL, "the host's quote service still had the request in flight"),
        GET_QUOTE_ERROR(0x8000000000000000L, "the VMM or the host's quote service failed to generate a quote"),
        GET_QUOTE_SERVICE_UNAVAILABLE(0x8000000000000001L, "the host runs no quote generation service");

        private final long code;
        private final String meaning;

        QuoteStatus(long code, String meaning) {
            this.code = code;
            this.meaning = meaning;
        }

        public long code() {
            return code;
        }

        public String meaning() {
            return meaning;
        }
    }

    private TdxGuestRequest() {}

    /** tdx_report_req with {@code reportData} in place and room for the TDREPORT. */
    public static byte[] reportRequest(byte[] reportData) {
        if (reportData.length != REPORT_DATA_LENGTH) {
            throw new IllegalArgumentException("report data must be 64 bytes");
        }
        return Arrays.copyOf(reportData, REPORT_DATA_LENGTH + TDREPORT_LENGTH);
    }

    /** The TDREPORT the kernel wrote after the report data. */
    public static byte[] tdReport(byte[] reportRequest) {
        return Arrays.copyOfRange(reportRequest, REPORT_DATA_LENGTH, REPORT_DATA_LENGTH + TDREPORT_LENGTH);
    }

    /** A GetQuote buffer of {@value #QUOTE_BUFFER_LENGTH} bytes: version 1, the TDREPORT as input. */
    public static byte[] quoteBuffer(byte[] tdReport) {
        if (tdReport.length != TDREPORT_LENGTH) {
            throw new IllegalArgumentException("a TDREPORT is 1024 bytes");
        }
        return ByteBuffer.allocate(QUOTE_BUFFER_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0, QUOTE_VERSION)
                .putInt(16, TDREPORT_LENGTH)
                .put(QUOTE_HEADER_LENGTH, tdReport)
                .array();
    }

    /** tdx_quote_req {buf, len} for a buffer of {@code length} bytes at {@code bufferAddress}. */
    public static byte[] quoteRequest(long bufferAddress, int length) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0, bufferAddress)
                .putLong(8, length)
                .array();
    }

    /** The status the host left in a GetQuote buffer; a code no specification names is a failure. */
    public static QuoteStatus status(byte[] buffer) throws ParseException {
        long code = new LeReader(buffer, "TDX GetQuote buffer").u64(8);
        for (QuoteStatus s : QuoteStatus.values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new ParseException(
                Reason.BAD_FIELD, "GetQuote returned unknown status 0x" + Long.toHexString(code) + ", no quote");
    }

    /** The quote in a GetQuote buffer the host answered, or a named failure. */
    public static byte[] quote(byte[] buffer) throws ParseException {
        QuoteStatus status = status(buffer);
        if (status != QuoteStatus.GET_QUOTE_SUCCESS) {
            throw new ParseException(
                    Reason.BAD_FIELD,
                    status + " (0x" + Long.toHexString(status.code) + "): " + status.meaning + ", no quote");
        }
        LeReader r = new LeReader(buffer, "TDX GetQuote buffer");
        long outLen = r.u32(20);
        if (outLen == 0) {
            throw new ParseException(Reason.BAD_FIELD, "GET_QUOTE_SUCCESS with out_len 0: the host returned no quote");
        }
        if (outLen > buffer.length - QUOTE_HEADER_LENGTH) {
            throw new ParseException(
                    Reason.BAD_FIELD,
                    "out_len " + outLen + " exceeds the " + (buffer.length - QUOTE_HEADER_LENGTH)
                            + " bytes of the GetQuote buffer");
        }
        return r.bytes(QUOTE_HEADER_LENGTH, (int) outLen);
    }
}
