package io.dcloud.sni.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Builds TLS 1.3 ClientHellos the way browsers shape them, including a post-quantum key share
 * (X25519MLKEM768: 1,216 bytes) that pushes the hello past one Ethernet frame.
 */
public final class ClientHellos {
    private static final int X25519MLKEM768 = 0x11EC;
    private static final int X25519 = 0x001D;

    private ClientHellos() {}

    /** The handshake message (type, length, body); {@code serverName} null for no SNI extension. */
    public static byte[] handshake(String serverName, List<String> alpn, boolean postQuantum, long seed) {
        Random random = new Random(seed);
        Out body = new Out();
        body.u16(0x0303);
        body.bytes(randomBytes(random, 32));
        body.u8(32);
        body.bytes(randomBytes(random, 32));
        body.u16(6);
        body.u16(0x1301);
        body.u16(0x1302);
        body.u16(0x1303);
        body.u8(1);
        body.u8(0);
        Out ext = new Out();
        if (serverName != null) {
            byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
            ext.u16(0);
            ext.u16(name.length + 5);
            ext.u16(name.length + 3);
            ext.u8(0);
            ext.u16(name.length);
            ext.bytes(name);
        }
        if (!alpn.isEmpty()) {
            Out list = new Out();
            for (String p : alpn) {
                list.u8(p.length());
                list.bytes(p.getBytes(StandardCharsets.US_ASCII));
            }
            ext.u16(16);
            ext.u16(list.size() + 2);
            ext.u16(list.size());
            ext.bytes(list.toByteArray());
        }
        ext.u16(43);
        ext.u16(3);
        ext.u8(2);
        ext.u16(0x0304);
        Out shares = new Out();
        if (postQuantum) {
            shares.u16(X25519MLKEM768);
            shares.u16(1216);
            shares.bytes(randomBytes(random, 1216));
        }
        shares.u16(X25519);
        shares.u16(32);
        shares.bytes(randomBytes(random, 32));
        ext.u16(51);
        ext.u16(shares.size() + 2);
        ext.u16(shares.size());
        ext.bytes(shares.toByteArray());
        if (postQuantum) {
            // Browsers add GREASE, ECH and more: a padding extension brings the size to theirs (~1.8 KiB).
            ext.u16(21);
            ext.u16(400);
            ext.bytes(new byte[400]);
        }
        body.u16(ext.size());
        body.bytes(ext.toByteArray());
        Out handshake = new Out();
        handshake.u8(1);
        handshake.u8(body.size() >>> 16);
        handshake.u16(body.size() & 0xFFFF);
        handshake.bytes(body.toByteArray());
        return handshake.toByteArray();
    }

    /** Wraps a handshake message into TLS records of at most {@code recordSize} payload bytes each. */
    public static byte[] records(byte[] handshake, int recordSize) {
        Out out = new Out();
        for (int off = 0; off < handshake.length; off += recordSize) {
            int n = Math.min(recordSize, handshake.length - off);
            out.u8(22);
            out.u16(0x0301);
            out.u16(n);
            out.write(handshake, off, n);
        }
        return out.toByteArray();
    }

    /** One record, the common case. */
    public static byte[] hello(String serverName) {
        return records(handshake(serverName, List.of("h2", "http/1.1"), true, 1), 16384);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static final class Out extends ByteArrayOutputStream {
        void u8(int v) {
            write(v);
        }

        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
