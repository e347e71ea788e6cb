package io.dcloud.forward.udp;

import io.dcloud.forward.Listener;
import io.dcloud.forward.Mapping;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.relay.Traffic;
import io.dcloud.relay.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A UDP host port. Each client address gets its own session: a socket connected to the backend, so
 * replies find their way back. Sessions end after the idle timeout. All state lives on the
 * listener's event loop, so none of it needs locking.
 */
public final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> implements Listener {
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
    private final InetSocketAddress backend;
    private final Duration idle;
    private final int maxSessions;
    private final RelayMetrics metrics;
    private final Traffic traffic;
    private Channel channel;
    private ScheduledFuture<?> sweeper;

    private UdpListener(Mapping mapping, Duration idle, int maxSessions, RelayMetrics metrics) {
        this.backend = mapping.backend().resolved();
        this.idle = idle;
        this.maxSessions = maxSessions;
        this.metrics = metrics;
        this.traffic = metrics.traffic(mapping.key());
    }

    /** Binds now; throws when the port is taken. */
    public static UdpListener bind(
            EventLoopGroup group, Mapping mapping, Duration idle, int maxSessions, RelayMetrics metrics)
            throws InterruptedException {
        UdpListener listener = new UdpListener(mapping, idle, maxSessions, metrics);
        listener.channel = new Bootstrap()
                .group(group)
                .channel(Transport.datagramChannel())
                .handler(listener)
                .bind(mapping.listen().resolved())
                .sync()
                .channel();
        long period = Math.max(10, idle.toMillis() / 4);
        listener.sweeper = listener.channel
                .eventLoop()
                .scheduleAtFixedRate(listener::expireIdle, period, period, TimeUnit.MILLISECONDS);
        return listener;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        UdpSession session = sessions.get(packet.sender());
        if (session == null) {
            if (sessions.size() >= maxSessions) {
                metrics.reject(RejectReason.LIMIT);
                return;
            }
            session = open(packet.sender());
        }
        traffic.addToBackend(packet.content().readableBytes());
        session.send(packet.content().retain());
    }

    private UdpSession open(InetSocketAddress client) {
        UdpSession session = new UdpSession(client, channel, traffic);
        ChannelFuture connect = new Bootstrap()
                .group(channel.eventLoop())
                .channel(Transport.datagramChannel())
                .handler(session)
                .connect(backend);
        Channel upstream = connect.channel();
        session.attach(connect);
        sessions.put(client, session);
        metrics.opened();
        upstream.closeFuture().addListener(f -> channel.eventLoop().execute(() -> {
            sessions.remove(client, session);
            metrics.closed();
        }));
        return session;
    }

    private void expireIdle() {
        long cutoff = System.nanoTime() - idle.toNanos();
        sessions.values().stream().filter(s -> s.lastActive() < cutoff).toList().forEach(UdpSession::close);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close(boolean cut) {
        sweeper.cancel(false);
        channel.close().syncUninterruptibly();
        // Without the listening socket replies cannot reach clients, so sessions always end.
        channel.eventLoop()
                .submit(() -> sessions.values().stream().toList().forEach(UdpSession::close))
                .syncUninterruptibly();
    }
}
