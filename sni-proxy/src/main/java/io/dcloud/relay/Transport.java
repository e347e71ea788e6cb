package io.dcloud.relay;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The one place that picks Netty's transport. {@code -Ddcloud.relay.transport=io_uring|epoll|nio} asks for one;
 * a transport whose native library does not load here falls back to the next (io_uring, epoll, NIO).
 */
public final class Transport {
    enum Kind {
        IO_URING,
        EPOLL,
        NIO
    }

    private static final Kind CHOSEN = choose(System.getProperty("dcloud.relay.transport", "epoll"));

    static Kind choose(String wanted) {
        Kind asked =
                switch (wanted.toLowerCase(Locale.ROOT)) {
                    case "io_uring", "iouring" -> Kind.IO_URING;
                    case "epoll" -> Kind.EPOLL;
                    case "nio" -> Kind.NIO;
                    default ->
                        throw new IllegalArgumentException(
                                "dcloud.relay.transport must be io_uring, epoll or nio, not '" + wanted + "'");
                };
        if (asked == Kind.IO_URING && !IoUring.isAvailable()) {
            asked = Kind.EPOLL;
        }
        if (asked == Kind.EPOLL && (!Epoll.isAvailable() || Boolean.getBoolean("dcloud.relay.nio"))) {
            asked = Kind.NIO;
        }
        return asked;
    }

    private Transport() {}

    public static String name() {
        return CHOSEN.name().toLowerCase(Locale.ROOT);
    }

    public static EventLoopGroup eventLoopGroup(int threads) {
        IoHandlerFactory factory =
                switch (CHOSEN) {
                    case IO_URING -> IoUringIoHandler.newFactory();
                    case EPOLL -> EpollIoHandler.newFactory();
                    case NIO -> NioIoHandler.newFactory();
                };
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return switch (CHOSEN) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /**
     * Backend channels are made per connection: a constructor reference, not reflection. An IPv4 backend gets an
     * IPv4 socket where the transport allows it (a dual-stack one costs an extra setsockopt per connection).
     */
    public static ChannelFactory<SocketChannel> socketChannelFactory(InetSocketAddress backend) {
        boolean v4 = backend.getAddress() instanceof Inet4Address;
        return switch (CHOSEN) {
            case IO_URING -> IoUringSocketChannel::new;
            case EPOLL -> v4 ? () -> new EpollSocketChannel(SocketProtocolFamily.INET) : EpollSocketChannel::new;
            case NIO -> NioSocketChannel::new;
        };
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return switch (CHOSEN) {
            case IO_URING -> IoUringDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }
}
