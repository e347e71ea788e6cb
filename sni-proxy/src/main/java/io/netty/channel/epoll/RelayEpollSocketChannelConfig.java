package io.netty.channel.epoll;

import static io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE;
import static io.netty.channel.ChannelOption.IP_TOS;
import static io.netty.channel.ChannelOption.SO_KEEPALIVE;
import static io.netty.channel.ChannelOption.SO_LINGER;
import static io.netty.channel.ChannelOption.SO_RCVBUF;
import static io.netty.channel.ChannelOption.SO_REUSEADDR;
import static io.netty.channel.ChannelOption.SO_SNDBUF;
import static io.netty.channel.ChannelOption.TCP_NODELAY;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannelConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The socket options of a {@link RelayEpollSocketChannel}: those of {@link SocketChannelConfig}, each read from or
 * written to the socket only when asked for. Netty's {@code EpollSocketChannelConfig} reads SO_SNDBUF from every new
 * socket to size its gathering writes; here they start unbounded, and Netty's stream channel narrows the size
 * itself after a partial write.
 */
public final class RelayEpollSocketChannelConfig extends EpollChannelConfig implements SocketChannelConfig {
    /**
     * Read buffers sized as Netty's adaptive default does, but never below 512 bytes. Netty's default shrinks them to
     * 64 bytes after a few small reads; a 64-byte message then fills its buffer, which Netty takes as a sign of more
     * data, and it reads again for nothing (EAGAIN): one extra system call on 11% of the messages relayed on a kept-alive connection
     * (64-byte request/response). One instance for all channels; each channel keeps its own guess.
     */
    private static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(512, 2048, 65536);

    private volatile boolean allowHalfClosure;
    private volatile boolean lingers;

    /**
     * Every relay socket sends without Nagle's delay. An accepted socket already does: Linux copies TCP_NODELAY from
     * the listener, which {@link RelayEpollServerSocketChannel} sets, so only a socket to connect sets it here.
     */
    RelayEpollSocketChannelConfig(RelayEpollSocketChannel channel, boolean accepted) {
        super(channel, READS);
        if (!accepted) {
            setTcpNoDelay(true);
        }
    }

    /** True once SO_LINGER was set above zero: closing must then wait off the event loop, as Netty's own does. */
    boolean lingers() {
        return lingers;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(
                super.getOptions(),
                SO_RCVBUF,
                SO_SNDBUF,
                TCP_NODELAY,
                SO_KEEPALIVE,
                SO_REUSEADDR,
                SO_LINGER,
                IP_TOS,
                ALLOW_HALF_CLOSURE);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        if (option == SO_RCVBUF) {
            return (T) Integer.valueOf(getReceiveBufferSize());
        }
        if (option == SO_SNDBUF) {
            return (T) Integer.valueOf(getSendBufferSize());
        }
        if (option == TCP_NODELAY) {
            return (T) Boolean.valueOf(isTcpNoDelay());
        }
        if (option == SO_KEEPALIVE) {
            return (T) Boolean.valueOf(isKeepAlive());
        }
        if (option == SO_REUSEADDR) {
            return (T) Boolean.valueOf(isReuseAddress());
        }
        if (option == SO_LINGER) {
            return (T) Integer.valueOf(getSoLinger());
        }
        if (option == IP_TOS) {
            return (T) Integer.valueOf(getTrafficClass());
        }
        if (option == ALLOW_HALF_CLOSURE) {
            return (T) Boolean.valueOf(isAllowHalfClosure());
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        if (option == SO_RCVBUF) {
            setReceiveBufferSize((Integer) value);
        } else if (option == SO_SNDBUF) {
            setSendBufferSize((Integer) value);
        } else if (option == TCP_NODELAY) {
            setTcpNoDelay((Boolean) value);
        } else if (option == SO_KEEPALIVE) {
            setKeepAlive((Boolean) value);
        } else if (option == SO_REUSEADDR) {
            setReuseAddress((Boolean) value);
        } else if (option == SO_LINGER) {
            setSoLinger((Integer) value);
        } else if (option == IP_TOS) {
            setTrafficClass((Integer) value);
        } else if (option == ALLOW_HALF_CLOSURE) {
            setAllowHalfClosure((Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    /** The socket calls below throw {@link IOException}; Netty's configs turn that into a {@link ChannelException}. */
    private interface SocketCall<T> {
        T call() throws IOException;
    }

    /** A socket call that sets an option. */
    private interface SocketSetting {
        void apply() throws IOException;
    }

    private static void onSocket(SocketSetting setting) {
        onSocket(() -> {
            setting.apply();
            return null;
        });
    }

    private static <T> T onSocket(SocketCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    @Override
    public boolean isTcpNoDelay() {
        return onSocket(() -> socket().isTcpNoDelay());
    }

    @Override
    public RelayEpollSocketChannelConfig setTcpNoDelay(boolean tcpNoDelay) {
        onSocket(() -> socket().setTcpNoDelay(tcpNoDelay));
        return this;
    }

    @Override
    public int getSoLinger() {
        return onSocket(() -> socket().getSoLinger());
    }

    @Override
    public RelayEpollSocketChannelConfig setSoLinger(int soLinger) {
        onSocket(() -> socket().setSoLinger(soLinger));
        lingers = soLinger > 0;
        return this;
    }

    @Override
    public int getSendBufferSize() {
        return onSocket(() -> socket().getSendBufferSize());
    }

    @Override
    public RelayEpollSocketChannelConfig setSendBufferSize(int sendBufferSize) {
        onSocket(() -> socket().setSendBufferSize(sendBufferSize));
        return this;
    }

    @Override
    public int getReceiveBufferSize() {
        return onSocket(() -> socket().getReceiveBufferSize());
    }

    @Override
    public RelayEpollSocketChannelConfig setReceiveBufferSize(int receiveBufferSize) {
        onSocket(() -> socket().setReceiveBufferSize(receiveBufferSize));
        return this;
    }

    @Override
    public boolean isKeepAlive() {
        return onSocket(() -> socket().isKeepAlive());
    }

    @Override
    public RelayEpollSocketChannelConfig setKeepAlive(boolean keepAlive) {
        onSocket(() -> socket().setKeepAlive(keepAlive));
        return this;
    }

    @Override
    public int getTrafficClass() {
        return onSocket(() -> socket().getTrafficClass());
    }

    @Override
    public RelayEpollSocketChannelConfig setTrafficClass(int trafficClass) {
        onSocket(() -> socket().setTrafficClass(trafficClass));
        return this;
    }

    @Override
    public boolean isReuseAddress() {
        return onSocket(() -> socket().isReuseAddress());
    }

    @Override
    public RelayEpollSocketChannelConfig setReuseAddress(boolean reuseAddress) {
        onSocket(() -> socket().setReuseAddress(reuseAddress));
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
        return this; // as in Netty's own epoll config: Linux has no such option
    }

    @Override
    public boolean isAllowHalfClosure() {
        return allowHalfClosure;
    }

    @Override
    public RelayEpollSocketChannelConfig setAllowHalfClosure(boolean allowHalfClosure) {
        this.allowHalfClosure = allowHalfClosure;
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setConnectTimeoutMillis(int connectTimeoutMillis) {
        super.setConnectTimeoutMillis(connectTimeoutMillis);
        return this;
    }

    @Override
    @Deprecated
    public RelayEpollSocketChannelConfig setMaxMessagesPerRead(int maxMessagesPerRead) {
        super.setMaxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setWriteSpinCount(int writeSpinCount) {
        super.setWriteSpinCount(writeSpinCount);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setAllocator(ByteBufAllocator allocator) {
        super.setAllocator(allocator);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setRecvByteBufAllocator(RecvByteBufAllocator allocator) {
        super.setRecvByteBufAllocator(allocator);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setAutoRead(boolean autoRead) {
        super.setAutoRead(autoRead);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setAutoClose(boolean autoClose) {
        super.setAutoClose(autoClose);
        return this;
    }

    @Override
    @Deprecated
    public RelayEpollSocketChannelConfig setWriteBufferHighWaterMark(int writeBufferHighWaterMark) {
        super.setWriteBufferHighWaterMark(writeBufferHighWaterMark);
        return this;
    }

    @Override
    @Deprecated
    public RelayEpollSocketChannelConfig setWriteBufferLowWaterMark(int writeBufferLowWaterMark) {
        super.setWriteBufferLowWaterMark(writeBufferLowWaterMark);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setWriteBufferWaterMark(WriteBufferWaterMark writeBufferWaterMark) {
        super.setWriteBufferWaterMark(writeBufferWaterMark);
        return this;
    }

    @Override
    public RelayEpollSocketChannelConfig setMessageSizeEstimator(MessageSizeEstimator estimator) {
        super.setMessageSizeEstimator(estimator);
        return this;
    }

    @Override
    @Deprecated
    public RelayEpollSocketChannelConfig setEpollMode(EpollMode mode) {
        super.setEpollMode(mode);
        return this;
    }
}
