package io.dcloud.sni.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadParserTest {

    private static HeadResult parse(String s) {
        ByteBuf buf = Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
        HeadResult r = HttpHeadParser.parse(buf, 8192);
        assertEquals(0, buf.readerIndex(), "the parser must not consume bytes");
        return r;
    }

    @Test
    void readsHostWithoutPort() {
        HeadResult.Head head = assertInstanceOf(
                HeadResult.Head.class, parse("GET /x HTTP/1.1\r\nUser-Agent: t\r\nHOST: App.Example.com:8080\r\n\r\n"));
        assertEquals("App.Example.com", head.host());
        assertEquals("/x", head.target());
        assertEquals("::1", ((HeadResult.Head) parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n")).host());
    }

    @Test
    void waitsForTheEndOfTheHead() {
        assertInstanceOf(HeadResult.Incomplete.class, parse("GET / HTTP/1.1\r\nHost: a.example\r\n"));
    }

    @Test
    void namesWhatIsWrong() {
        assertEquals("no Host header", ((HeadResult.Malformed) parse("GET / HTTP/1.1\r\nX: y\r\n\r\n")).reason());
        assertEquals(
                "more than one Host header",
                ((HeadResult.Malformed) parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).reason());
        assertEquals("bad request line", ((HeadResult.Malformed) parse("\u0016\u0003\u0001\r\n\r\n")).reason());
        assertEquals("bad Host header", ((HeadResult.Malformed) parse("GET / HTTP/1.1\r\nHost: a:b\r\n\r\n")).reason());
    }

    @Test
    void refusesHeadsOverTheLimit() {
        String big = "GET / HTTP/1.1\r\nHost: a.example\r\nX: " + "y".repeat(9000) + "\r\n\r\n";
        assertInstanceOf(HeadResult.TooLarge.class, parse(big));
    }
}
