package io.dcloud.attest.collect;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Byte layouts of the Linux sev-guest SNP_GET_REPORT ioctl (include/uapi/linux/sev-guest.h):
 * snp_report_req {user_data[64], vmpl u32, rsvd[28]} and the firmware's MSG_REPORT_RSP {status u32,
 * report_size u32, reserved[24], report} inside snp_report_resp {data[4000]}.
 */
public final class SnpGuestRequest {

    /** _IOWR('S', 0x0, struct snp_guest_request_ioctl), that struct being 32 bytes. */
    public static final long SNP_GET_REPORT = Ioctl.iowr('S', 0x0, 32);

    public static final int REQUEST_LENGTH = 96;
    public static final int RESPONSE_LENGTH = 4000;

    private SnpGuestRequest() {}

    public static byte[] request(byte[] reportData, int vmpl) {
        if (reportData.length != 64) {
            throw new IllegalArgumentException("report data must be 64 bytes");
        }
        return ByteBuffer.allocate(REQUEST_LENGTH)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(reportData)
                .putInt(vmpl)
                .array();
    }

    /** The report inside a firmware response, or a named failure for a non-zero status or bad size. */
    public static byte[] report(byte[] response) throws ParseException {
        LeReader r = new LeReader(response, "SNP report response");
        long status = r.u32(0);
        if (status != 0) {
            throw new ParseException(
                    Reason.BAD_FIELD, "firmware refused the report request, status 0x" + Long.toHexString(status));
        }
        long size = r.u32(4);
        if (size > response.length - 32) {
            throw new ParseException(Reason.BAD_FIELD, "report size " + size + " exceeds the response");
        }
        return r.bytes(32, (int) size);
    }

    /** struct snp_guest_request_ioctl {u8 msg_version; u64 req_data; u64 resp_data; u64 exitinfo2}. */
    public static byte[] ioctlArgument(long requestAddress, long responseAddress) {
        return ByteBuffer.allocate(32)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(0, (byte) 1)
                .putLong(8, requestAddress)
                .putLong(16, responseAddress)
                .array();
    }
}
