package io.dcloud.sni.tls;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server name and ALPN protocols from a ClientHello body (RFC 8446 4.1.2, RFC 6066 3,
 * RFC 7301). Every length is checked against what remains before it is used; hostile input yields
 * {@link HelloResult.Malformed} with the reason, never an exception. The buffer is not modified.
 */
public final class ClientHelloParser {
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;
    private static final int NAME_TYPE_HOST = 0;

    private ClientHelloParser() {}

    public static HelloResult parse(ByteBuf body) {
        Cursor c = new Cursor(body, body.readerIndex(), body.writerIndex());
        try {
            c.skip(2 + 32); // legacy_version, random
            c.skip(c.u8()); // legacy_session_id
            c.skip(c.u16()); // cipher_suites
            c.skip(c.u8()); // legacy_compression_methods
            if (c.remaining() == 0) {
                return new HelloResult.ClientHello(null, List.of());
            }
            Cursor extensions = c.sub(c.u16());
            String serverName = null;
            List<String> alpn = List.of();
            while (extensions.remaining() > 0) {
                int type = extensions.u16();
                Cursor data = extensions.sub(extensions.u16());
                if (type == EXT_SERVER_NAME) {
                    serverName = serverName(data);
                } else if (type == EXT_ALPN) {
                    alpn = alpn(data);
                }
            }
            return new HelloResult.ClientHello(serverName, alpn);
        } catch (Truncated e) {
            return new HelloResult.Malformed(e.getMessage());
        }
    }

    private static String serverName(Cursor data) {
        Cursor list = data.sub(data.u16());
        while (list.remaining() > 0) {
            int nameType = list.u8();
            Cursor name = list.sub(list.u16());
            if (nameType == NAME_TYPE_HOST) {
                return name.ascii("server name");
            }
        }
        return null;
    }

    private static List<String> alpn(Cursor data) {
        Cursor list = data.sub(data.u16());
        List<String> protocols = new ArrayList<>();
        while (list.remaining() > 0) {
            protocols.add(list.sub(list.u8()).ascii("ALPN protocol"));
        }
        return List.copyOf(protocols);
    }

    /** Thrown internally when a length points past the end; carries the reason. */
    private static final class Truncated extends RuntimeException {
        Truncated(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A bounds-checked view [pos, end) of the buffer. */
    private static final class Cursor {
        private final ByteBuf buf;
        private int pos;
        private final int end;

        Cursor(ByteBuf buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        private void need(int n) {
            if (n > remaining()) {
                throw new Truncated("ClientHello truncated: field of " + n + " bytes, " + remaining() + " left");
            }
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        int u8() {
            need(1);
            return buf.getUnsignedByte(pos++);
        }

        int u16() {
            need(2);
            int v = buf.getUnsignedShort(pos);
            pos += 2;
            return v;
        }

        Cursor sub(int length) {
            need(length);
            Cursor sub = new Cursor(buf, pos, pos + length);
            pos += length;
            return sub;
        }

        String ascii(String what) {
            for (int i = pos; i < end; i++) {
                byte b = buf.getByte(i);
                if (b < 0x21 || b > 0x7e) {
                    throw new Truncated(what + " has a non-printable or non-ASCII byte");
                }
            }
            String s = buf.toString(pos, end - pos, StandardCharsets.US_ASCII);
            pos = end;
            return s;
        }
    }
}
