package io.dcloud.attest.collect;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A TDX quote through /dev/tdx_guest on kernels that predate configfs-tsm: TDX_CMD_GET_REPORT0 makes the
 * TDREPORT that binds the report data, then TDX_CMD_GET_QUOTE hands it to the host's quoting enclave and
 * brings the signed quote back in the same buffer.
 */
public final class TdxGuestDevice {

    /** One ioctl on the device, giving 0 or the errno; tests answer through it in place of the kernel. */
    @FunctionalInterface
    interface Call {
        int ioctl(long request, Pointer arg) throws IOException;
    }

    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;

    private static final int PAGE = 4096;

    /** Known GET_QUOTE numbers, most common first; a kernel rejects the ones it does not define. */
    private static final List<Long> GET_QUOTE =
            List.of(TdxGuestRequest.TDX_CMD_GET_QUOTE, TdxGuestRequest.TDX_CMD_GET_QUOTE_TDX15);

    private TdxGuestDevice() {}

    /** Calls on the device node at {@code device}. */
    static Call at(Path device) {
        return (request, arg) -> Ioctl.call(device.toString(), request, arg);
    }

    /**
     * A bundle holding the quote over {@code reportData}, or empty when the kernel has no GET_QUOTE (upstream
     * Linux, where only configfs-tsm reaches the quoting enclave).
     */
    static Optional<EvidenceBundle> quote(byte[] reportData, Call device) throws IOException, ParseException {
        byte[] tdReport = tdReport(reportData, device);
        try (Memory block = new Memory(TdxGuestRequest.QUOTE_BUFFER_LENGTH + PAGE);
                Memory arg = new Memory(16)) {
            // The kernels copy the buffer into shared pages of their own; page alignment is what their
            // callers (libtdx_attest) hand over, so the same is done here.
            Pointer buffer = block.align(PAGE);
            for (long request : GET_QUOTE) {
                byte[] in = TdxGuestRequest.quoteBuffer(tdReport);
                buffer.write(0, in, 0, in.length);
                byte[] a = TdxGuestRequest.quoteRequest(Pointer.nativeValue(buffer), in.length);
                arg.write(0, a, 0, a.length);
                int errno = device.ioctl(request, arg);
                if (errno == 0) {
                    byte[] answered = buffer.getByteArray(0, in.length);
                    return Optional.of(
                            new EvidenceBundle("tdx_guest", TdxGuestRequest.quote(answered), Optional.empty()));
                }
                if (errno == EBUSY) {
                    throw new IOException("TDX_CMD_GET_QUOTE: the device is busy with another quote request (EBUSY)");
                }
                if (errno != ENOTTY && errno != EINVAL) {
                    throw new IOException(
                            "TDX_CMD_GET_QUOTE 0x" + Long.toHexString(request) + " failed: errno " + errno);
                }
            }
            return Optional.empty();
        }
    }

    private static byte[] tdReport(byte[] reportData, Call device) throws IOException {
        byte[] request = TdxGuestRequest.reportRequest(reportData);
        try (Memory req = new Memory(request.length)) {
            req.write(0, request, 0, request.length);
            int errno = device.ioctl(TdxGuestRequest.TDX_CMD_GET_REPORT0, req);
            if (errno != 0) {
                throw new IOException("TDX_CMD_GET_REPORT0 failed: errno " + errno);
            }
            return TdxGuestRequest.tdReport(req.getByteArray(0, request.length));
        }
    }
}
