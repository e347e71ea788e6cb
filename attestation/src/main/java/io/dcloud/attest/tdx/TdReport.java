package io.dcloud.attest.tdx;

import java.util.List;
import java.util.Optional;

/** The TD report body of a quote (TDX 1.0, 584 bytes; TDX 1.5 adds TEE_TCB_SVN2 and MRSERVICETD). */
public record TdReport(
        byte[] teeTcbSvn,
        byte[] mrSeam,
        byte[] mrSignerSeam,
        byte[] seamAttributes,
        byte[] tdAttributes,
        byte[] xfam,
        byte[] mrTd,
        byte[] mrConfigId,
        byte[] mrOwner,
        byte[] mrOwnerConfig,
        List<byte[]> rtmrs,
        byte[] reportData,
        Optional<byte[]> teeTcbSvn2,
        Optional<byte[]> mrServiceTd) {

    /** TD_ATTRIBUTES bit 0: the TD runs in debug mode and the host can read its state. */
    public boolean debug() {
        return (tdAttributes[0] & 1) == 1;
    }
}
