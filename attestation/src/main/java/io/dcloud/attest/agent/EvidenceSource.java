package io.dcloud.attest.agent;

import io.dcloud.attest.collect.ReportCollector;
import io.dcloud.attest.evidence.EvidenceReader.EvidenceBundle;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;

/** Where the guest agent gets evidence for 64 bytes of REPORT_DATA. */
@FunctionalInterface
public interface EvidenceSource {

    EvidenceBundle collect(byte[] reportData) throws IOException, ParseException;

    /** The platform this guest runs on: configfs-tsm or /dev/sev-guest. */
    static EvidenceSource platform() {
        return ReportCollector::collect;
    }
}
