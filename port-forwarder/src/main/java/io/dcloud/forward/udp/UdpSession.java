package io.dcloud.forward.udp;

import io.dcloud.relay.Traffic;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** One client address of a UDP mapping: its own backend socket, and the way back to the client. */
final class UdpSession extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final int MAX_WAITING = 64;
    private final InetSocketAddress client;
    private final Channel listener;
    private final Traffic traffic;
    private ChannelFuture connect;
    private Channel upstream;
    private int waiting;
    private long lastActive = System.nanoTime();

    UdpSession(InetSocketAddress client, Channel listener, Traffic traffic) {
        this.client = client;
        this.listener = listener;
        this.traffic = traffic;
    }

    void attach(ChannelFuture connect) {
        this.connect = connect;
        this.upstream = connect.channel();
    }

    long lastActive() {
        return lastActive;
    }

    /** Datagrams are dropped, not queued, when a side cannot keep up: that is UDP's contract. */
    void send(ByteBuf payload) {
        lastActive = System.nanoTime();
        if (connect.isDone()) {
            if (upstream.isWritable()) {
                upstream.writeAndFlush(payload);
            } else {
                payload.release();
            }
        } else if (waiting < MAX_WAITING) {
            // The backend socket is still being set up: keep the few datagrams in order until it is.
            waiting++;
            connect.addListener(f -> {
                waiting--;
                upstream.writeAndFlush(payload);
            });
        } else {
            payload.release();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        lastActive = System.nanoTime();
        if (!listener.isWritable()) {
            return;
        }
        traffic.addToClient(packet.content().readableBytes());
        listener.writeAndFlush(new DatagramPacket(packet.content().retain(), client));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: the backend is not there (yet); keep the session.
    }

    void close() {
        upstream.close();
    }
}
