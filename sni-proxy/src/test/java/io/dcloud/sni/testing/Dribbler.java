package io.dcloud.sni.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A one-connection loopback relay in front of the router that forwards the client's first
 * {@code slowBytes} bytes one byte per TCP segment, so a real TLS client's hello arrives in pieces.
 */
public final class Dribbler implements AutoCloseable {
    private final ServerSocket server;

    public Dribbler(InetSocketAddress target, int slowBytes) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (Socket client = server.accept();
                    Socket upstream = new Socket(target.getAddress(), target.getPort())) {
                upstream.setTcpNoDelay(true);
                Thread back = Thread.ofVirtual().start(() -> copy(upstream, client, Integer.MAX_VALUE));
                copy(client, upstream, slowBytes);
                back.join();
            } catch (IOException | InterruptedException e) {
                // The test sees the failure on its own socket.
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    private static void copy(Socket from, Socket to, int slowBytes) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int sent = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; ) {
                    int chunk = sent < slowBytes ? 1 : n - i;
                    out.write(buf, i, chunk);
                    out.flush();
                    i += chunk;
                    sent += chunk;
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // Either side closed: the relay ends.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
