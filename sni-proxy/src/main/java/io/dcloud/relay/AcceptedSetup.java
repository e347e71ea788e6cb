package io.dcloud.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import java.util.function.Consumer;

/**
 * A listener's child handler: builds each accepted connection's pipeline once it is registered, then steps aside.
 * It does what Netty's {@code ChannelInitializer} does for a child channel, minus that class's guard against
 * initialising twice (a concurrent map entry per connection, keyed on an identity hash the JVM has to make up):
 * a child handler added before registration sees exactly one {@code handlerAdded}, once the channel is registered.
 */
@ChannelHandler.Sharable
public final class AcceptedSetup extends ChannelHandlerAdapter {
    private final Consumer<Channel> setup;

    public AcceptedSetup(Consumer<Channel> setup) {
        this.setup = setup;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        try {
            setup.accept(ctx.channel());
        } catch (RuntimeException e) {
            ctx.close(); // a connection without its handlers would stay open and unwatched
            throw e; // Netty logs it
        } finally {
            if (!ctx.isRemoved()) {
                ctx.pipeline().remove(this);
            }
        }
    }

    /** One for all connections. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return true;
    }
}
