package io.dcloud.relay;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a client connection. Until its route is known it is the handshake deadline: a client that has
 * not been routed in time is counted as a timeout and closed. From then on it is the idle timeout: the connection
 * closes (the peer with it) once no byte has moved either way for that long; bytes to the client pass this
 * handler as writes, bytes from it as reads. It replaces Netty's IdleStateHandler plus a second deadline timer,
 * because that handler allocates a promise and a listener for every write it watches and each timer costs a
 * schedule and a cancel per connection. The timer is re-armed only when it fires, not on every byte.
 */
public final class ConnectionTimer extends ChannelDuplexHandler implements Runnable {
    private final long handshakeNanos;
    private final long idleNanos;
    private final RelayMetrics metrics;
    private ChannelHandlerContext ctx;
    private boolean routed;
    private long lastActivity;
    private ScheduledFuture<?> timer;

    private ConnectionTimer(Duration handshake, Duration idle, boolean routed, RelayMetrics metrics) {
        this.handshakeNanos = handshake.toNanos();
        this.idleNanos = idle.toNanos();
        this.routed = routed;
        this.metrics = metrics;
    }

    /** For a router's client: the handshake deadline first, the idle timeout once {@link #routed} is called. */
    public static ConnectionTimer handshakeThenIdle(Duration handshake, Duration idle, RelayMetrics metrics) {
        return new ConnectionTimer(handshake, idle, false, metrics);
    }

    /** For a connection whose target is known when it is accepted (a forwarded port): the idle timeout only. */
    public static ConnectionTimer idle(Duration idle, RelayMetrics metrics) {
        return new ConnectionTimer(Duration.ZERO, idle, true, metrics);
    }

    /** Called by the routing handler once the route is known: the handshake deadline no longer applies. */
    public static void routed(ChannelHandlerContext anyHandlerOfTheChannel) {
        ConnectionTimer self = anyHandlerOfTheChannel.pipeline().get(ConnectionTimer.class);
        if (self != null) {
            self.routed = true;
            self.lastActivity = System.nanoTime();
            // Usually the deadline comes long before the idle timeout and the timer is left to fire then; an idle
            // timeout shorter than what is left of the deadline needs the timer sooner.
            if (self.timer.getDelay(TimeUnit.NANOSECONDS) > self.idleNanos) {
                self.timer.cancel(false);
                self.timer = self.ctx.executor().schedule(self, self.idleNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastActivity = System.nanoTime();
        timer = ctx.executor().schedule(this, routed ? idleNanos : handshakeNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = System.nanoTime();
        ctx.write(msg, promise);
    }

    @Override
    public void run() {
        if (!ctx.channel().isOpen()) {
            return;
        }
        if (!routed) {
            metrics.reject(RejectReason.TIMEOUT);
            ctx.close();
            return;
        }
        long quiet = System.nanoTime() - lastActivity;
        if (quiet >= idleNanos) {
            ctx.close();
        } else {
            timer = ctx.executor().schedule(this, idleNanos - quiet, TimeUnit.NANOSECONDS);
        }
    }

    /** One per connection. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return false;
    }
}
