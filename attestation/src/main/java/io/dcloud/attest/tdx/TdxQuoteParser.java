package io.dcloud.attest.tdx;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bytes to {@link TdxQuote}; knows nothing of signatures. Trailing bytes are tolerated and counted. */
public final class TdxQuoteParser {

    private static final int HEADER = 48;
    private static final int BODY_TDX10 = 584;
    private static final int BODY_TDX15 = 648;
    private static final int ATTESTATION_KEY_ECDSA_P256 = 2;
    private static final long TEE_TYPE_TDX = 0x81;
    private static final int CERT_DATA_QE_REPORT = 6;
    private static final int CERT_DATA_PCK_CHAIN = 5;

    private TdxQuoteParser() {}

    public static TdxQuote parse(byte[] bytes) throws ParseException {
        LeReader r = new LeReader(bytes, "TDX quote");
        r.require(0, HEADER);
        int version = r.u16(0);
        int keyType = r.u16(2);
        long teeType = r.u32(4);
        if (version != 4 && version != 5) {
            throw new ParseException(Reason.UNSUPPORTED_VERSION, "TDX quote version " + version + " (supported: 4, 5)");
        }
        if (keyType != ATTESTATION_KEY_ECDSA_P256) {
            throw new ParseException(Reason.BAD_FIELD, "attestation key type " + keyType + " is not ECDSA P-256");
        }
        if (teeType != TEE_TYPE_TDX) {
            throw new ParseException(Reason.BAD_FIELD, "TEE type 0x" + Long.toHexString(teeType) + " is not TDX");
        }
        int bodyAt = HEADER;
        int bodyLength = BODY_TDX10;
        if (version == 5) {
            int type = r.u16(HEADER);
            long size = r.u32(HEADER + 2);
            bodyLength = switch (type) {
                case 2 -> BODY_TDX10;
                case 3 -> BODY_TDX15;
                default ->
                    throw new ParseException(Reason.BAD_FIELD, "quote v5 body type " + type + " is not a TD report");
            };
            if (size != bodyLength) {
                throw new ParseException(Reason.BAD_FIELD, "quote v5 body size " + size + " for type " + type);
            }
            bodyAt = HEADER + 6;
        }
        TdReport body = body(r, bodyAt, bodyLength == BODY_TDX15);
        int signedEnd = bodyAt + bodyLength;
        long sigLength = r.u32(signedEnd);
        int sigAt = signedEnd + 4;
        r.require(sigAt, (int) Math.min(sigLength, Integer.MAX_VALUE));
        int end = sigAt + (int) sigLength;
        LeReader s = new LeReader(r.bytes(sigAt, (int) sigLength), "TDX quote signature data");
        byte[] signature = s.bytes(0, 64);
        byte[] key = s.bytes(64, 64);
        int certType = s.u16(128);
        if (certType != CERT_DATA_QE_REPORT) {
            throw new ParseException(
                    Reason.BAD_FIELD, "certification data type " + certType + ", expected 6 (QE report)");
        }
        long certSize = s.u32(130);
        s.require(134, (int) Math.min(certSize, Integer.MAX_VALUE));
        LeReader c = new LeReader(s.bytes(134, (int) certSize), "QE report certification data");
        QeReport qe = qeReport(c.bytes(0, QeReport.LENGTH));
        byte[] qeSignature = c.bytes(384, 64);
        int authSize = c.u16(448);
        byte[] auth = c.bytes(450, authSize);
        int pckAt = 450 + authSize;
        int pckType = c.u16(pckAt);
        if (pckType != CERT_DATA_PCK_CHAIN) {
            throw new ParseException(
                    Reason.BAD_FIELD, "QE certification data type " + pckType + ", expected 5 (PCK chain)");
        }
        long pckSize = c.u32(pckAt + 2);
        byte[] pck = c.bytes(pckAt + 6, (int) Math.min(pckSize, Integer.MAX_VALUE));
        return new TdxQuote(
                version,
                keyType,
                teeType,
                r.u16(8),
                r.u16(10),
                r.bytes(12, 16),
                r.bytes(28, 20),
                body,
                r.bytes(0, signedEnd),
                signature,
                key,
                qe,
                qeSignature,
                auth,
                pck,
                bytes.length - end);
    }

    private static TdReport body(LeReader r, int at, boolean tdx15) throws ParseException {
        List<byte[]> rtmrs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rtmrs.add(r.bytes(at + 328 + 48 * i, 48));
        }
        return new TdReport(
                r.bytes(at, 16),
                r.bytes(at + 16, 48),
                r.bytes(at + 64, 48),
                r.bytes(at + 112, 8),
                r.bytes(at + 120, 8),
                r.bytes(at + 128, 8),
                r.bytes(at + 136, 48),
                r.bytes(at + 184, 48),
                r.bytes(at + 232, 48),
                r.bytes(at + 280, 48),
                rtmrs,
                r.bytes(at + 520, 64),
                tdx15 ? Optional.of(r.bytes(at + 584, 16)) : Optional.empty(),
                tdx15 ? Optional.of(r.bytes(at + 600, 48)) : Optional.empty());
    }

    private static QeReport qeReport(byte[] raw) throws ParseException {
        LeReader q = new LeReader(raw, "QE report");
        return new QeReport(
                q.bytes(0, 16),
                q.u32(16),
                q.bytes(48, 16),
                q.bytes(64, 32),
                q.bytes(128, 32),
                q.u16(256),
                q.u16(258),
                q.bytes(320, 64),
                raw);
    }
}
