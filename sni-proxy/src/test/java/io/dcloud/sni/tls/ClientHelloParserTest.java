package io.dcloud.sni.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.sni.testing.ClientHellos;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class ClientHelloParserTest {

    private static HelloResult parseHandshake(byte[] handshake) {
        return ClientHelloParser.parse(Unpooled.wrappedBuffer(handshake, 4, handshake.length - 4));
    }

    @Test
    void readsServerNameAndAlpnFromAPostQuantumHello() {
        byte[] handshake = ClientHellos.handshake("app.example.com", List.of("h2", "http/1.1"), true, 7);
        assertTrue(handshake.length > 1500, "a post-quantum hello is larger than one frame");
        HelloResult.ClientHello hello = assertInstanceOf(HelloResult.ClientHello.class, parseHandshake(handshake));
        assertEquals("app.example.com", hello.serverName());
        assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    }

    @Test
    void readsARealJdkClientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("jdk.example.org", 443);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName("jdk.example.org")));
        params.setApplicationProtocols(new String[] {"h2"});
        engine.setSSLParameters(params);
        java.nio.ByteBuffer out =
                java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        HelloResult.ClientHello hello = assertInstanceOf(
                HelloResult.ClientHello.class, parseHandshake(Arrays.copyOfRange(record, 5, record.length)));
        assertEquals("jdk.example.org", hello.serverName());
        assertEquals(List.of("h2"), hello.alpn());
    }

    @Test
    void helloWithoutSniHasNoName() {
        HelloResult.ClientHello hello = assertInstanceOf(
                HelloResult.ClientHello.class, parseHandshake(ClientHellos.handshake(null, List.of(), false, 1)));
        assertNull(hello.serverName());
    }

    @Test
    void everyTruncationIsReportedNotThrown() {
        byte[] handshake = ClientHellos.handshake("app.example.com", List.of("h2"), false, 3);
        for (int len = 4; len < handshake.length; len++) {
            HelloResult r = parseHandshake(Arrays.copyOf(handshake, len));
            if (r instanceof HelloResult.Malformed m) {
                assertTrue(m.reason().contains("truncated"), m.reason());
            }
        }
    }
}
