package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.sni.testing.Await;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** UDP through the forwarder to an echo server: per-client sessions, replies to the right client, expiry. */
class UdpForwardIT {

    /** A loopback UDP echo server that prefixes what it saw with the sender's port, to prove sessions. */
    private static DatagramSocket echoServer() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] reply = ("echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (Exception closed) {
                // The test closed the socket.
            }
        });
        return socket;
    }

    private static String roundTrip(DatagramSocket client, InetSocketAddress to, String text) throws Exception {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        byte[] in = new byte[2048];
        // UDP may drop a datagram even on loopback: retry a few times, each bounded.
        for (int attempt = 0; attempt < 5; attempt++) {
            client.send(new DatagramPacket(out, out.length, to));
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                client.receive(p);
                return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException retry) {
                // Next attempt.
            }
        }
        throw new AssertionError("no UDP reply through the forwarder");
    }

    @Test
    void datagramsEchoPerClientAndIdleSessionsExpire() throws Exception {
        try (DatagramSocket echo = echoServer();
                PortForwarder forwarder =
                        PortForwarder.start(ForwarderConfig.defaults().withUdpIdleTimeout(Duration.ofMillis(400)));
                DatagramSocket one = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket two = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Mapping m = Mapping.udp("127.0.0.1:0", "127.0.0.1:" + echo.getLocalPort());
            forwarder.add(m);
            InetSocketAddress to = forwarder.boundAddress(m);
            one.setSoTimeout(2000);
            two.setSoTimeout(2000);
            assertEquals("echo from one", roundTrip(one, to, "from one"));
            assertEquals("echo from two", roundTrip(two, to, "from two"));
            assertEquals("echo again", roundTrip(one, to, "again"));
            assertEquals(2, forwarder.metrics().active(), "one session per client address");
            Await.until(() -> forwarder.metrics().active() == 0, "idle sessions expire");
            assertEquals("echo after expiry", roundTrip(one, to, "after expiry"));

            forwarder.remove(m, true);
            Await.until(() -> forwarder.metrics().active() == 0, "removal ends the sessions");
            byte[] probe = "gone?".getBytes(StandardCharsets.UTF_8);
            one.send(new DatagramPacket(probe, probe.length, to));
            one.setSoTimeout(300);
            try {
                one.receive(new DatagramPacket(new byte[64], 64));
                throw new AssertionError("a removed UDP mapping must not answer");
            } catch (java.io.IOException expected) {
                assertTrue(forwarder.mappings().isEmpty());
            }
        }
    }
}
