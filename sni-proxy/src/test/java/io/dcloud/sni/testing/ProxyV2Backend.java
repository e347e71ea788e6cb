package io.dcloud.sni.testing;

import io.dcloud.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A backend that decodes the PROXY v2 header with Netty's own HAProxyMessageDecoder, then collects bytes. */
public final class ProxyV2Backend implements AutoCloseable {
    private final EventLoopGroup group = Transport.eventLoopGroup(1);
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Channel server;

    /** What one connection delivered: the decoded header and the bytes after it. */
    public record Received(
            String protocol,
            String sourceAddress,
            int sourcePort,
            int destinationPort,
            String authority,
            BlockingQueue<ByteBuf> data) {

        public byte[] firstBytes(int n) throws InterruptedException {
            ByteBuf all = Unpooled.buffer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (all.readableBytes() < n && System.nanoTime() < deadline) {
                ByteBuf next = data.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    all.writeBytes(next);
                    next.release();
                }
            }
            byte[] out = new byte[Math.min(n, all.readableBytes())];
            all.readBytes(out);
            return out;
        }
    }

    public ProxyV2Backend() throws InterruptedException {
        InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
        server = new ServerBootstrap()
                .group(group)
                .channelFactory(Transport.serverChannelFactory(listen, false))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HAProxyMessageDecoder(), new Collector());
                    }
                })
                .bind(listen)
                .sync()
                .channel();
    }

    public String address() {
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    public Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no PROXY v2 header decoded within 10 s");
        }
        return r;
    }

    private final class Collector extends SimpleChannelInboundHandler<Object> {
        private final BlockingQueue<ByteBuf> data = new LinkedBlockingQueue<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage m) {
                String authority = null;
                for (HAProxyTLV tlv : m.tlvs()) {
                    if (tlv.type() == HAProxyTLV.Type.PP2_TYPE_AUTHORITY) {
                        authority = tlv.content().toString(StandardCharsets.US_ASCII);
                    }
                }
                received.add(new Received(
                        m.proxiedProtocol().name(),
                        m.sourceAddress(),
                        m.sourcePort(),
                        m.destinationPort(),
                        authority,
                        data));
            } else if (msg instanceof ByteBuf buf) {
                data.add(buf.retain());
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
