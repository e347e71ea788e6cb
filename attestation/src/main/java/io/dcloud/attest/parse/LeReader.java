package io.dcloud.attest.parse;

import java.util.Arrays;

/** Little-endian reads at absolute offsets of a byte array; every read checks its bounds first. */
public final class LeReader {

    private final byte[] bytes;
    private final String what;

    public LeReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    public int length() {
        return bytes.length;
    }

    public void require(int offset, int length) throws ParseException {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new ParseException(
                    ParseException.Reason.TRUNCATED,
                    what + " needs " + length + " bytes at offset " + offset + " but has " + bytes.length);
        }
    }

    public int u8(int offset) throws ParseException {
        require(offset, 1);
        return bytes[offset] & 0xff;
    }

    public int u16(int offset) throws ParseException {
        require(offset, 2);
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit value; as a long so that hostile sizes cannot turn negative. */
    public long u32(int offset) throws ParseException {
        require(offset, 4);
        return (long) u16(offset) | (long) u16(offset + 2) << 16;
    }

    public long u64(int offset) throws ParseException {
        require(offset, 8);
        return u32(offset) | u32(offset + 4) << 32;
    }

    public byte[] bytes(int offset, int length) throws ParseException {
        require(offset, length);
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }
}
