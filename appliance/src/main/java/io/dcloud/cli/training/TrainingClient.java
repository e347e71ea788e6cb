package io.dcloud.cli.training;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The connections of the training load, each checked end to end against the echo behind the router or forwarder:
 * a real JDK ClientHello with a server name (plus a payload, so bulk relaying is exercised too), an HTTP request
 * head, plain TCP bytes and a UDP datagram. A reply that differs from what was sent is an error.
 */
final class TrainingClient {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final byte[] tlsFirstFlight;
    private final byte[] httpRequest;
    private final byte[] payload = new byte[32 * 1024];

    TrainingClient(String serverName) throws Exception {
        Arrays.fill(payload, (byte) 'p');
        tlsFirstFlight = concat(clientHello(serverName), payload);
        httpRequest = concat(
                ("GET /training HTTP/1.1\r\nHost: " + serverName + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                payload);
    }

    void tls(int port) throws IOException {
        roundTrip(port, tlsFirstFlight);
    }

    void http(int port) throws IOException {
        roundTrip(port, httpRequest);
    }

    void tcp(int port) throws IOException {
        roundTrip(port, payload);
    }

    void udp(DatagramSocket socket, int port) throws IOException {
        byte[] datagram = Arrays.copyOf(payload, 512);
        socket.send(new DatagramPacket(datagram, datagram.length, LOOPBACK, port));
        DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
        socket.receive(reply);
        if (!Arrays.equals(datagram, 0, datagram.length, reply.getData(), 0, reply.getLength())) {
            throw new IOException("a UDP echo through the forwarder came back changed");
        }
    }

    /** Sends, half-closes, and expects exactly the same bytes back before the FIN. */
    private static void roundTrip(int port, byte[] sent) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(sent);
            socket.shutdownOutput();
            byte[] received = readAll(socket.getInputStream(), sent.length + 1);
            if (!Arrays.equals(sent, received)) {
                throw new IOException("an echo through port " + port + " came back with " + received.length
                        + " bytes instead of the " + sent.length + " sent");
            }
        }
    }

    private static byte[] readAll(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[limit];
        int got = 0;
        for (int n; got < limit && (n = in.read(buffer, got, limit - got)) > 0; ) {
            got += n;
        }
        return Arrays.copyOf(buffer, got);
    }

    /** The first flight of a real JDK TLS client: what a router sees from a browser or curl. */
    private static byte[] clientHello(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
