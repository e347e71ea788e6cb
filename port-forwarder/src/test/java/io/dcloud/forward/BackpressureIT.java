package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.sni.testing.PatternFlood;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A backend that sends far more than a client reads: the relay must stop reading from the backend once the
 * client's side backs up (writability), not buffer the difference. What the backend manages to write while the
 * client reads nothing is bounded by socket buffers and the relay's write high-water mark; without backpressure
 * it would be everything. Then the client reads and every byte arrives, in order.
 */
class BackpressureIT {
    @Test
    void aClientThatDoesNotReadHoldsTheBackendBack() throws Exception {
        var loopback = InetAddress.getLoopbackAddress();
        var flood = new PatternFlood();
        try (ServerSocket backend = new ServerSocket(0, 1, loopback);
                PortForwarder forwarder = PortForwarder.start(ForwarderConfig.defaults())) {
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = backend.accept();
                        OutputStream out = s.getOutputStream()) {
                    flood.write(out);
                } catch (IOException e) {
                    // the test fails on the count
                }
            });
            Mapping m = Mapping.tcp("127.0.0.1:0", "127.0.0.1:" + backend.getLocalPort());
            forwarder.add(m);
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024);
                client.connect(
                        new InetSocketAddress(
                                loopback, forwarder.boundAddress(m).getPort()),
                        5000);

                flood.assertHeldBack("the backend", "the forwarder");

                client.setSoTimeout(30_000);
                assertEquals(
                        PatternFlood.SIZE,
                        PatternFlood.readAll(client.getInputStream()),
                        "every byte arrives once the client reads");
            }
            writer.join(30_000);
            assertEquals(PatternFlood.SIZE, flood.written());
        }
    }
}
