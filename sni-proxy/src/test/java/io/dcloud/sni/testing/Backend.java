package io.dcloud.sni.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain loopback TCP backend: echoes every byte back, and keeps each accepted socket for the test. */
public final class Backend implements AutoCloseable {
    private final ServerSocket server;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final boolean echo;

    public Backend(boolean echo) throws IOException {
        this.echo = echo;
        server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The next accepted connection, waiting at most five seconds. */
    public Socket nextConnection() throws InterruptedException {
        Socket s = accepted.poll(5, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the backend got no connection within 5 s");
        }
        return s;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                if (echo) {
                    Thread.ofVirtual().start(() -> echo(s));
                }
                accepted.add(s);
            }
        } catch (IOException e) {
            // Closed by the test.
        }
    }

    private static void echo(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                s.getOutputStream().write(buf, 0, n);
            }
        } catch (IOException e) {
            // Peer went away.
        }
    }

    /** Reads until the peer half-closes, bounded by a timeout. */
    public static byte[] readToEnd(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.getInputStream().transferTo(out);
        return out.toByteArray();
    }

    /** Counts the bytes until the peer half-closes, read in small pieces; each read bounded by a timeout. */
    public static long countToEnd(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        byte[] buf = new byte[8192];
        long count = 0;
        for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
            count += n;
        }
        return count;
    }

    /** Reads exactly n bytes, bounded by a timeout. */
    public static byte[] readExactly(Socket s, int n) throws IOException {
        s.setSoTimeout(10_000);
        byte[] b = s.getInputStream().readNBytes(n);
        if (b.length != n) {
            throw new AssertionError("expected " + n + " bytes, got " + b.length + " before EOF");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
