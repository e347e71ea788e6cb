package io.dcloud.sni.http;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds the end of an HTTP/1.x request head and reads its request line and Host header. Bounded:
 * never looks past {@code limit} bytes. Hostile input yields a reason, never an exception; the buffer
 * is not modified.
 */
public final class HttpHeadParser {
    public static final int DEFAULT_LIMIT = 8 * 1024;

    private HttpHeadParser() {}

    public static HeadResult parse(ByteBuf in, int limit) {
        int start = in.readerIndex();
        int scan = Math.min(in.readableBytes(), limit);
        int end = endOfHead(in, start, scan);
        if (end < 0) {
            return scan >= limit ? new HeadResult.TooLarge(limit) : new HeadResult.Incomplete();
        }
        String head = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || requestLine[0].isEmpty()) {
            return new HeadResult.Malformed("bad request line");
        }
        String host = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return new HeadResult.Malformed("bad header line " + i);
            }
            if (lines[i].substring(0, colon).equalsIgnoreCase("host")) {
                if (host != null) {
                    return new HeadResult.Malformed("more than one Host header");
                }
                host = lines[i].substring(colon + 1).strip();
            }
        }
        if (host == null || host.isEmpty()) {
            return new HeadResult.Malformed("no Host header");
        }
        String name = stripPort(host);
        if (name == null) {
            return new HeadResult.Malformed("bad Host header");
        }
        return new HeadResult.Head(requestLine[0], requestLine[1], name);
    }

    /** Index just after the blank line ending the head, or -1. Accepts bare LF line ends too. */
    private static int endOfHead(ByteBuf in, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < start + length && in.getByte(i + 1) == '\n') {
                return i;
            }
            if (i + 2 < start + length && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? null : host.substring(1, close);
        }
        int colon = host.indexOf(':');
        if (colon < 0) {
            return host;
        }
        String port = host.substring(colon + 1);
        return port.isEmpty() || !port.chars().allMatch(Character::isDigit) ? null : host.substring(0, colon);
    }
}
