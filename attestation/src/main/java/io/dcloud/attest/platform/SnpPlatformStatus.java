package io.dcloud.attest.platform;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * struct sev_user_data_snp_status (include/uapi/linux/psp-sev.h), the answer of SNP_PLATFORM_STATUS:
 * api_major u8, api_minor u8, state u8, flags u8 (bit 0 RMP initialised), build_id u32, flags u32
 * (mask_chip_id, mask_chip_key, vlek_en), guest_count u32, current_tcb u64, reported_tcb u64.
 */
public record SnpPlatformStatus(
        int apiMajor,
        int apiMinor,
        int state,
        boolean rmpInitialized,
        long buildId,
        boolean maskChipId,
        boolean maskChipKey,
        boolean vlekEnabled,
        long guestCount,
        long currentTcb,
        long reportedTcb) {

    public static final int LENGTH = 32;

    public static SnpPlatformStatus parse(byte[] b) throws ParseException {
        LeReader r = new LeReader(b, "SNP platform status");
        r.require(0, LENGTH);
        long flags = r.u32(8);
        return new SnpPlatformStatus(
                r.u8(0),
                r.u8(1),
                r.u8(2),
                (r.u8(3) & 1) == 1,
                r.u32(4),
                (flags & 1) == 1,
                (flags >>> 1 & 1) == 1,
                (flags >>> 2 & 1) == 1,
                r.u32(12),
                r.u64(16),
                r.u64(24));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firmware", apiMajor + "." + apiMinor + "." + buildId);
        m.put("state", state);
        m.put("rmpInitialized", rmpInitialized);
        m.put("guestCount", guestCount);
        m.put("currentTcb", String.format("%016x", Long.reverseBytes(currentTcb)));
        m.put("reportedTcb", String.format("%016x", Long.reverseBytes(reportedTcb)));
        m.put("vlekEnabled", vlekEnabled);
        m.put("maskChipId", maskChipId);
        return m;
    }
}
