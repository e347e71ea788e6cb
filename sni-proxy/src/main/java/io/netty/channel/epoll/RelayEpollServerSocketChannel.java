package io.netty.channel.epoll;

import static io.netty.channel.unix.NativeInetAddress.address;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Netty's {@code EpollServerSocketChannel} (SO_REUSEADDR, backlog) that accepts {@link RelayEpollSocketChannel}s,
 * which Netty's own, being final, cannot be made to do. TCP Fast Open, MD5 signatures, SO_REUSEPORT and the other
 * Linux-only listener options of Netty's channel are left out: the relay sets none of them. TCP_NODELAY is set on the
 * listener itself, so that the sockets it accepts start with it.
 */
public final class RelayEpollServerSocketChannel extends AbstractEpollServerChannel implements ServerSocketChannel {
    private final EpollServerChannelConfig config;
    private final boolean clientSpeaksFirst;

    /**
     * A listener of the address family it will be bound to: an IPv4 address gets an IPv4 socket, whose connections
     * take the kernel's IPv4 path and come with 16-byte addresses, where a dual-stack socket bound to an IPv4 address
     * accepts IPv4-mapped IPv6 ones. Where the client speaks first (TLS, HTTP), the sockets it accepts are read at
     * once ({@link RelayEpollSocketChannel#doBeginRead()}).
     */
    public RelayEpollServerSocketChannel(SocketProtocolFamily family, boolean clientSpeaksFirst) {
        super(LinuxSocket.newSocketStream(family), false);
        this.clientSpeaksFirst = clientSpeaksFirst;
        config = new EpollServerChannelConfig(this);
        config.setReuseAddress(true); // as Netty's and the JDK's listeners do
        try {
            socket.setTcpNoDelay(true); // accepted sockets inherit it: one setsockopt per listener, not per connection
        } catch (IOException e) {
            throw new ChannelException("TCP_NODELAY on a new listening socket", e);
        }
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(localAddress);
        socket.listen(config.getBacklog());
        active = true;
        submitCurrentOps(); // listening: start receiving accept events
    }

    @Override
    public EpollServerChannelConfig config() {
        return config;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    @Override
    protected Channel newChildChannel(int fd, byte[] address, int offset, int len) {
        return new RelayEpollSocketChannel(this, new LinuxSocket(fd), address(address, offset, len), clientSpeaksFirst);
    }
}
