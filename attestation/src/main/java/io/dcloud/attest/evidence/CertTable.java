package io.dcloud.attest.evidence;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The SEV-SNP certificate table that the host attaches to a report (the configfs-tsm auxblob, or the
 * extended-report buffer): 24-byte entries {GUID, offset, length} ending with an all-zero entry;
 * offsets count from the start of the table. GUID bytes are in the order of their textual form.
 */
public final class CertTable {

    public static final String VCEK = "63da758d-e664-4564-adc5-f4b93be8accd";
    public static final String VLEK = "a8074bc2-a25a-483e-aae6-39c045a0b8a1";
    public static final String ASK = "4ab7b379-bbac-4fe4-a02f-05aef327c782";
    public static final String ARK = "c0b406a4-a803-4952-9743-3fb6014cd0ae";
    public static final String CRL = "92f81bc3-5811-4d3d-97ff-d19f88dc67ea";

    private static final int ENTRY = 24;

    /** One certificate (or other blob) of the table, named by its GUID. */
    public record Entry(String guid, byte[] data) {}

    private CertTable() {}

    public static List<Entry> parse(byte[] table) throws ParseException {
        LeReader r = new LeReader(table, "SEV-SNP certificate table");
        List<Entry> entries = new ArrayList<>();
        for (int at = 0; ; at += ENTRY) {
            r.require(at, ENTRY);
            byte[] guid = r.bytes(at, 16);
            long offset = r.u32(at + 16);
            long length = r.u32(at + 20);
            if (offset == 0 && length == 0 && allZero(guid)) {
                return entries;
            }
            if (offset > table.length || length > table.length - offset) {
                throw new ParseException(
                        Reason.BAD_FIELD,
                        "certificate table entry " + entries.size() + " points outside the table (offset " + offset
                                + ", length " + length + ", table " + table.length + ")");
            }
            entries.add(new Entry(guid(guid), r.bytes((int) offset, (int) length)));
        }
    }

    /** Lays out a table the way the host does; used by tools and tests that build auxblobs. */
    public static byte[] build(List<Entry> entries) {
        int header = (entries.size() + 1) * ENTRY;
        int total = header + entries.stream().mapToInt(e -> e.data().length).sum();
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        int offset = header;
        for (Entry e : entries) {
            out.put(HexFormat.of().parseHex(e.guid().replace("-", "")));
            out.putInt(offset).putInt(e.data().length);
            offset += e.data().length;
        }
        out.position(header);
        entries.forEach(e -> out.put(e.data()));
        return out.array();
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String guid(byte[] b) {
        String h = HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }
}
