package io.dcloud.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Moves bytes from its channel to the peer. Reads run freely (auto-read) while the peer keeps up; when the peer's
 * outbound buffer passes its high-water mark this side stops reading, and resumes when the peer drains below the
 * low mark: backpressure by writability, so a slow reader holds back the other side instead of filling memory,
 * without re-arming epoll interest for every message. Writes are flushed once per read burst.
 * A FIN is passed on as a half-close; the second FIN closes both channels (the peer's own close then does it:
 * see the FIN handling). A reset is passed on as a reset.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final LongAdder bytes;

    RelayHandler(Channel peer, LongAdder bytes) {
        this.peer = peer;
        this.bytes = bytes;
    }

    /** Starts relaying on a channel that is already connected (the client side, once the backend is). */
    static void start(Channel channel) {
        channel.config().setAutoRead(true);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            // The peer is closed (a client's reset, say), and its close reaches this side next: these bytes have
            // nowhere to go. Writing them would only fail, and pausing reads for a peer that never drains costs an
            // epoll_ctl.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            bytes.add(buf.readableBytes());
        }
        // A failed write fires exceptionCaught on the peer, whose handler closes it and then this side.
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof ChannelInputShutdownEvent)) {
            ctx.fireUserEventTriggered(evt);
        } else if (hasBytesQueued(peer)) {
            // The empty write queues behind pending data, so the FIN follows the last byte.
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> passFin(ctx));
        } else {
            passFin(ctx);
        }
    }

    private void passFin(ChannelHandlerContext ctx) {
        if (!(peer instanceof DuplexChannel duplexPeer)) {
            peer.close();
            return;
        }
        HalfClose.output(duplexPeer).addListener(done -> {
            if (!done.isSuccess()) {
                peer.close(); // its socket is gone (reset): this side follows via channelInactive
            } else if (ctx.channel() instanceof DuplexChannel self && self.isOutputShutdown()) {
                self.close();
                peer.close();
            } else {
                // Only the peer's own FIN is left to come: let it close the peer outright. Half-closing
                // an input whose socket is already shut both ways fails (ENOTCONN), and the shutdown(2)
                // calls and the exception Netty makes of that cost more than the close they lead to.
                peer.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
    }

    /**
     * An I/O error (a reset, say) broke the connection on this side: the peer's is reset too, without flushing what is
     * still queued for it, as HAProxy does. Closing it with a FIN would tell the other end that the stream ended
     * cleanly, which it did not: after half an upload, the backend would take the half for the whole.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException && !(cause instanceof ClosedChannelException)) {
            reset(peer);
        }
        closeOnFlush(ctx.channel());
    }

    /** Closes with a reset (SO_LINGER 0): what is queued for the channel, in the relay or in its socket, is dropped. */
    private static void reset(Channel ch) {
        if (!ch.isOpen()) {
            return;
        }
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException e) {
            // the socket is already unusable: a plain close is all that is left
        }
        ch.close();
    }

    /** Closes after whatever is queued has been written; at once when nothing is (no write, promise and listener). */
    public static void closeOnFlush(Channel ch) {
        if (ch.isActive() && hasBytesQueued(ch)) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    /** Bytes written to the channel, flushed or not, that have not reached its socket yet. */
    private static boolean hasBytesQueued(Channel ch) {
        ChannelOutboundBuffer queued = ch.unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() > 0;
    }

    /** One per connection. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return false;
    }
}
