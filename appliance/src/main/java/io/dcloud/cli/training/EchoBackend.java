package io.dcloud.cli.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP and UDP echo for the training load: sends every byte back until the client's FIN. */
final class EchoBackend implements AutoCloseable {
    private final ServerSocket tcp;
    private final DatagramSocket udp;

    EchoBackend() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        tcp = new ServerSocket(0, 1024, loopback);
        udp = new DatagramSocket(0, loopback);
        Thread.ofPlatform().daemon().name("training-echo-tcp").start(this::acceptLoop);
        Thread.ofPlatform().daemon().name("training-echo-udp").start(this::datagramLoop);
    }

    int tcpPort() {
        return tcp.getLocalPort();
    }

    int udpPort() {
        return udp.getLocalPort();
    }

    private void acceptLoop() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                Thread.ofVirtual().start(() -> echo(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The client checks what came back.
        }
    }

    private void datagramLoop() {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        while (!udp.isClosed()) {
            try {
                packet.setLength(2048);
                udp.receive(packet);
                udp.send(packet);
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
