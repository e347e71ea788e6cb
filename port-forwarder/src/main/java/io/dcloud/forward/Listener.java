package io.dcloud.forward;

import java.net.InetSocketAddress;

/** An open host port of one mapping (TCP or UDP). */
public interface Listener {

    InetSocketAddress address();

    /** Stops accepting; with {@code cut} also ends the mapping's live connections or sessions. */
    void close(boolean cut);
}
