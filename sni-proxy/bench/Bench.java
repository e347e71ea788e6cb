import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Load generator and TLS backend for the scripts in bench/ (compiled once by lib.sh, run as `java -cp DIR
 * Bench MODE ...`). Not a test: it prints the figures of each load. New TLS connections per second are
 * measured with `openssl s_time`, TLS bulk with tls_bulk.py. The backend speaks a one-byte protocol after
 * the handshake: 'B' streams data until the client closes, 'E' echoes, anything else closes.
 */
public final class Bench {
    static final String NAME = "bench.example.com";
    static final List<Socket> IDLE = new ArrayList<>();

    /** One array of latencies for every kept-alive run, made on first use: the backends never need its 80 MB. */
    static final class Latencies {
        static final long[] NANOS = new long[10_000_000];
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "backend" -> backend(Integer.parseInt(args[1]), args[2], args.length > 3 && args[3].equals("plain"));
            case "generator" -> runLoads();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /**
     * The load generator as one long-lived JVM, warmed up once by the scripts' untimed passes as the routers
     * are: reads one load a line from stdin and answers each with its figures on one line of stdout. A fresh
     * JVM per load, warmed up for 2 s, was still JIT-compiling in the timed part (0.1-0.6 s of compilation
     * per second of kept-alive load for its first 8 s), on the core its own timed loop ran on. A load that
     * fails ends the generator (its stack trace on stderr), so the script reading the answer stops too.
     */
    static void runLoads() throws Exception {
        BufferedReader loads = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = loads.readLine()) != null; ) {
            try {
                System.out.println(run(line.trim().split(" +")));
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }
    }

    /**
     * One load: "rr|tcprr PORT SECONDS", "tcpbulk PORT STREAMS SECONDS", "tcpconns PORT SECONDS", or
     * "idle|tcpidle PORT COUNT" and then "release".
     */
    static String run(String[] load) throws Exception {
        return switch (load[0]) {
            case "idle", "tcpidle" -> idle(port(load), Integer.parseInt(load[2]), load[0].equals("tcpidle"));
            case "release" -> release();
            case "rr", "tcprr" -> rr(port(load), Integer.parseInt(load[2]), load[0].equals("tcprr"));
            case "tcpbulk" -> tcpBulk(port(load), Integer.parseInt(load[2]), Integer.parseInt(load[3]));
            case "tcpconns" -> tcpConns(port(load), Integer.parseInt(load[2]));
            default -> throw new IllegalArgumentException("unknown load " + load[0]);
        };
    }

    static int port(String[] args) {
        return Integer.parseInt(args[1]);
    }

    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}
            public void checkServerTrusted(X509Certificate[] c, String a) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return ctx;
    }

    static Socket connect(SSLContext ctx, int port, boolean plain) throws Exception {
        Socket raw = connectRaw(port);
        return plain ? raw : overTls(ctx, raw, port);
    }

    static Socket connectRaw(int port) throws Exception {
        Socket raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return raw;
    }

    static Socket overTls(SSLContext ctx, Socket raw, int port) throws Exception {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, NAME, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(NAME)));
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /**
     * MB/s received over `streams` parallel plain connections of backend data. (TLS bulk is read by
     * tls_bulk.py: decrypting in the JDK saturated this generator's core and made its JIT the measure.)
     */
    static String tcpBulk(int port, int streams, int seconds) throws Exception {
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                // Ends with a reset (SO_LINGER 0): the backend streams without end, and a reset stops it at once.
                try (Socket s = connectRaw(port)) {
                    s.setSoLinger(true, 0);
                    s.getOutputStream().write('B');
                    s.getOutputStream().flush();
                    byte[] buf = new byte[256 * 1024];
                    InputStream in = s.getInputStream();
                    while (System.nanoTime() < end) {
                        int n = in.read(buf);
                        if (n < 0) {
                            break;
                        }
                        bytes.addAndGet(n);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return String.format("%.1f", bytes.get() / 1e6 / seconds);
    }

    /** 64-byte request/response on one kept-alive connection: requests/s, p50 and p99 in microseconds. */
    static String rr(int port, int seconds, boolean plain) throws Exception {
        try (Socket s = connect(trustAll(), port, plain)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write('E');
            byte[] msg = new byte[64];
            long[] lat = Latencies.NANOS;
            int n = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end && n < lat.length) {
                long t0 = System.nanoTime();
                out.write(msg);
                out.flush();
                int got = 0;
                while (got < msg.length) {
                    got += in.read(msg, got, msg.length - got);
                }
                lat[n++] = System.nanoTime() - t0;
            }
            long[] sorted = Arrays.copyOf(lat, n);
            Arrays.sort(sorted);
            return String.format(
                    "%.0f %d %d", n / (double) seconds, sorted[n / 2] / 1000, sorted[(int) (n * 0.99)] / 1000);
        }
    }

    /**
     * New plain TCP connections per second, one at a time: connect, send one byte, read the backend's
     * one-byte answer, close. Every connection is a whole proxied exchange, as an SSH login's first
     * round trip is through the forwarder.
     */
    static String tcpConns(int port, int seconds) throws Exception {
        long count = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try (Socket s = connect(null, port, true)) {
                s.getOutputStream().write('C');
                if (s.getInputStream().read() != 'K') {
                    throw new IllegalStateException("the backend's answer did not come through");
                }
            }
            count++;
        }
        return String.format("%.0f", count / (double) seconds);
    }

    /**
     * Opens `count` proxied connections that stay idle: each sends a real JDK ClientHello with the SNI
     * (so the router connects the backend and relays) and then nothing; they stay open until "release".
     * Skipping the client side of the handshake keeps the generator cheap. Plain (forwarder) connections
     * send nothing: a forwarder connects the backend as soon as it accepts.
     */
    static String idle(int port, int count, boolean plain) throws Exception {
        javax.net.ssl.SSLEngine engine = trustAll().createSSLEngine(NAME, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(NAME)));
        engine.setSSLParameters(p);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        byte[] hello = Arrays.copyOf(out.array(), out.position());
        for (int i = 0; i < count; i++) {
            Socket s = connect(null, port, true);
            if (!plain) {
                s.getOutputStream().write(hello);
            }
            IDLE.add(s);
        }
        return "ready";
    }

    /** Closes the idle connections. */
    static String release() throws Exception {
        for (Socket s : IDLE) {
            s.close();
        }
        IDLE.clear();
        return "released";
    }

    static void backend(int port, String p12, boolean plain) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12)) {
            ks.load(in, "bench".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, "bench".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), null, null);
        ServerSocket server = plain ? new ServerSocket() : ctx.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port), 8192);
        if (server instanceof SSLServerSocket ssl) {
            ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
        }
        System.out.println("listening " + server.getLocalPort());
        while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> serve(s));
        }
    }

    static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int cmd = in.read();
            if (cmd == 'B') {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    out.write(chunk);
                }
            } else if (cmd == 'E') {
                byte[] buf = new byte[16 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } else {
                out.write('K');
                out.flush();
            }
        } catch (Exception e) {
            // Client went away: the normal end of every run.
        }
    }
}
