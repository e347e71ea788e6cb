package io.dcloud.relay;

import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;

/**
 * Passes a FIN on: shuts a channel's output. The caller lets the writes queued before it finish first
 * ({@link RelayHandler} waits for an empty write behind them).
 *
 * <p>On the native transport the socket itself is shut. Netty's {@code shutdownOutput()} builds a
 * {@code ChannelOutputShutdownException}, stack trace included, on every call, to fail writes queued after
 * the FIN; the relay queues none (the FIN is passed on only once its own side has stopped reading), and on
 * new forwarded connections that exception cost 3% of the forwarder's CPU. Netty's socket keeps its own
 * shutdown state, so {@code isOutputShutdown()} stays true to the socket either way.
 */
final class HalfClose {
    private HalfClose() {}

    /** Completes once the output is shut; fails (and leaves the channel for its caller to close) if it could not be. */
    static ChannelFuture output(DuplexChannel channel) {
        if (channel instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
                return channel.newSucceededFuture();
            } catch (IOException e) {
                return channel.newFailedFuture(e);
            }
        }
        return channel.shutdownOutput();
    }
}
