package io.dcloud.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Sits on the client channel once its target is known: connects the backend on the client's own event
 * loop, sends the optional PROXY v2 header and every byte read so far, unchanged, then hands both
 * channels to {@link RelayHandler}. The client keeps being read meanwhile (a forwarded client usually has
 * its first bytes in flight already), up to the client's write-buffer high-water mark; past that, reads
 * pause until the backend is connected, the same rule the relay applies afterwards.
 */
public final class BackendConnector extends ChannelInboundHandlerAdapter {
    private final Target target;
    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final List<Object> pending = new ArrayList<>();
    private long pendingBytes;
    private Channel backend;
    private boolean clientFinished;

    public BackendConnector(Target target, RelayConfig config, RelayMetrics metrics) {
        this.target = target;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        Traffic traffic = metrics.traffic(target.key());
        long start = System.nanoTime();
        InetSocketAddress address = target.backend().socketAddress();
        try {
            backend = Transport.backendChannelFactory(
                            address, (int) config.connectTimeout().toMillis())
                    .newChannel();
        } catch (RuntimeException e) { // no socket to be had: out of file descriptors, say
            metrics.connectFailed();
            client.close();
            return;
        }
        backend.pipeline().addLast(new RelayHandler(client, traffic.toClient));
        ChannelPromise connect = backend.newPromise();
        // Registered on the client's own loop, which runs this: the registration is done on return, and the connect
        // starts now. Netty's Bootstrap would queue the connect as a task behind the rest of this loop turn.
        client.eventLoop().register(backend).addListener(registered -> {
            if (registered.isSuccess()) {
                backend.connect(address, connect);
            } else {
                connect.setFailure(registered.cause());
            }
        });
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                metrics.connectFailed();
                client.close();
                return;
            }
            metrics.connected(System.nanoTime() - start);
            if (!client.isActive()) {
                backend.close();
                return;
            }
            if (target.proxyProtocol()) {
                backend.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
                backend.write(ProxyHeader.v2(client, target.authority()));
                backend.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
            }
            for (Object msg : pending) {
                if (msg instanceof ByteBuf buf) {
                    traffic.toBackend.add(buf.readableBytes());
                }
                backend.write(msg);
            }
            pending.clear();
            backend.flush();
            ctx.pipeline().replace(this, "relay", new RelayHandler(backend, traffic.toBackend));
            if (clientFinished) {
                ctx.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            } else {
                RelayHandler.start(client);
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pending.add(msg);
        if (msg instanceof ByteBuf buf) {
            pendingBytes += buf.readableBytes();
        }
        if (pendingBytes > ctx.channel().config().getWriteBufferHighWaterMark()) {
            // Resumed by RelayHandler.start once the backend takes the bytes.
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Swallowed: the next read is asked for when the backend is connected.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // A client may send its hello and FIN at once: replay the FIN after the bytes.
            clientFinished = true;
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
    }

    /** One per connection. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return false;
    }
}
