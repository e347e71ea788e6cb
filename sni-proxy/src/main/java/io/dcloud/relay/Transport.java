package io.dcloud.relay;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.RelayEpollServerSocketChannel;
import io.netty.channel.epoll.RelayEpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/** Epoll where the native library loads (Linux x86_64), NIO otherwise; one place decides. */
public final class Transport {

    private static final boolean EPOLL = Epoll.isAvailable() && !Boolean.getBoolean("dcloud.relay.nio");

    private Transport() {}

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    public static EventLoopGroup eventLoopGroup(int threads) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    /**
     * Listeners on epoll accept {@link RelayEpollSocketChannel}s; an IPv4 address gets an IPv4 socket. Where the client
     * speaks first (the router's TLS and HTTP listeners), an accepted socket is read at once rather than on epoll's
     * next report: its first bytes choose the backend. A forwarded port's client may wait for the server to speak
     * (SSH), and what it sends early waits for the backend's connect anyway.
     */
    public static ChannelFactory<ServerChannel> serverChannelFactory(
            InetSocketAddress bindTo, boolean clientSpeaksFirst) {
        if (!EPOLL) {
            return NioServerSocketChannel::new;
        }
        SocketProtocolFamily family = familyOf(bindTo);
        return () -> new RelayEpollServerSocketChannel(family, clientSpeaksFirst);
    }

    /**
     * Backend channels, made per connection ({@link BackendConnector} registers and connects them itself, without
     * Netty's {@code Bootstrap}, which copies its options into a new map and array on every connect): a constructor
     * reference, not reflection, configured here. An IPv4 backend gets an IPv4 socket (a dual-stack one costs an
     * IPV6_V6ONLY setsockopt per connection). On epoll both sides of a relayed connection are
     * {@link RelayEpollSocketChannel}s: Netty's channel minus the system calls a relay never needs. Half-closure is
     * allowed, so that a FIN is passed on rather than closing the connection.
     */
    public static ChannelFactory<SocketChannel> backendChannelFactory(
            InetSocketAddress backend, int connectTimeoutMillis) {
        SocketProtocolFamily family = familyOf(backend);
        return () -> {
            SocketChannel channel = EPOLL ? new RelayEpollSocketChannel(family) : new NioSocketChannel();
            channel.config().setAllowHalfClosure(true).setConnectTimeoutMillis(connectTimeoutMillis);
            return channel;
        };
    }

    private static SocketProtocolFamily familyOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
