package io.dcloud.sni.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a never-accepting listener's accept queue (make it with backlog 1) so that further connects to it neither
 * succeed nor are refused: Linux drops their SYNs and the client retries a second later, as with a VM that is down
 * behind a silent firewall, or a backend still connecting.
 */
public final class ListenQueue {
    private ListenQueue() {}

    /** Connects until one connect does not complete; returns the connections the queue took (the caller closes them). */
    public static List<Socket> fill(ServerSocket listener) throws IOException {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 300);
                queued.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return queued;
            }
        }
        for (Socket s : queued) {
            s.close();
        }
        throw new AssertionError("the loopback listener kept answering SYNs with a full accept queue");
    }
}
