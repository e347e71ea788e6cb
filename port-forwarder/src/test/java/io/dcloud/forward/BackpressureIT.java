package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.testing.ListenQueue;
import io.dcloud.sni.testing.PatternFlood;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The forwarder reads a client from accept, before its backend has answered, so that first bytes already in
     * flight go out the moment the backend connects. What it takes in meanwhile must stay bounded: a client that
     * floods a backend whose listen queue is full (its SYN is dropped and retried) is held back too.
     */
    @Test
    void aClientThatSendsWhileTheBackendIsStillConnectingIsHeldBack() throws Exception {
        var loopback = InetAddress.getLoopbackAddress();
        var flood = new PatternFlood();
        ForwarderConfig config = ForwarderConfig.defaults()
                .withRelay(new RelayConfig(Duration.ofSeconds(60), Duration.ofMinutes(10), 100, 100));
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket backend = new ServerSocket(0, 1, loopback);
                PortForwarder forwarder = PortForwarder.start(config)) {
            // Backlog 1: the queue takes two connections, then drops the forwarder's SYN and it retries.
            queued.addAll(ListenQueue.fill(backend));
            assertEquals(2, queued.size(), "connections the listen queue took before it was full");
            Mapping m = Mapping.tcp("127.0.0.1:0", "127.0.0.1:" + backend.getLocalPort());
            forwarder.add(m);
            try (Socket client = new Socket(loopback, forwarder.boundAddress(m).getPort())) {
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    try (OutputStream out = client.getOutputStream()) {
                        flood.write(out);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        // the test fails on the count
                    }
                });

                flood.assertHeldBack("the client", "the forwarder (backend still connecting)");

                for (Socket s : queued) {
                    s.close();
                }
                backend.accept().close();
                backend.accept().close();
                backend.setSoTimeout(30_000);
                try (Socket upstream = backend.accept()) {
                    upstream.setSoTimeout(30_000);
                    assertEquals(
                            PatternFlood.SIZE,
                            PatternFlood.readAll(upstream.getInputStream()),
                            "every byte arrives once the backend is connected");
                }
                writer.join(30_000);
                assertEquals(PatternFlood.SIZE, flood.written());
            }
        } finally {
            for (Socket s : queued) {
                s.close();
            }
        }
    }
}
