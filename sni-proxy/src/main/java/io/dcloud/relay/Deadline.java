package io.dcloud.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a client that has not been routed within the handshake timeout (slow or silent clients).
 * The routing handler removes it once it has picked a route, which cancels the timer.
 */
public final class Deadline extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    private final RelayMetrics metrics;
    private ScheduledFuture<?> timer;

    public Deadline(Duration timeout, RelayMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor()
                .schedule(
                        () -> {
                            metrics.reject(RejectReason.TIMEOUT);
                            ctx.close();
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
    }

    /** Called by the routing handler once the route is known. */
    public static void disarm(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(Deadline.class) != null) {
            ctx.pipeline().remove(Deadline.class);
        }
    }
}
