package io.netty.channel.epoll;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Netty's {@code EpollSocketChannel} without the system calls a relay never needs. Every proxied connection is
 * two of these, and on this VM each system call costs over a microsecond; Netty's channel (final, so not
 * extended) makes 38 per forwarded connection where HAProxy makes 24. This one spares:
 * <ul>
 *   <li>the local address (getsockname) at creation and after connect: asked of the kernel only when used (a
 *       PROXY header);
 *   <li>the peer's address (getpeername) once connected: it is the address that was connected to;
 *   <li>SO_SNDBUF at creation ({@link RelayEpollSocketChannelConfig}) and SO_LINGER at close (remembered when set);
 *   <li>three epoll_ctl calls: reading is armed with the first registration (Netty adds the socket, then
 *       modifies it to read), a connected socket is not re-submitted with unchanged events, and a closing socket
 *       is not removed from epoll first, as close(2) removes it.
 * </ul>
 * It lives in Netty's package because the channel base classes it extends are package-private there; it relies on
 * Netty 4.2.18's internals (pinned in the parent pom), and {@code RelayEpollSocketChannelTest} checks that
 * behaviour on every build.
 */
public final class RelayEpollSocketChannel extends AbstractEpollStreamChannel implements SocketChannel {
    private final RelayEpollSocketChannelConfig config;
    private final ServerSocketChannel parent;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private ChannelPromise connectPromise;
    private InetSocketAddress connectingTo;
    private Future<?> connectTimeout;
    private boolean closing;

    /** A socket to connect (a backend). */
    public RelayEpollSocketChannel(SocketProtocolFamily family) {
        super(LinuxSocket.newSocketStream(family), false);
        parent = null;
        config = new RelayEpollSocketChannelConfig(this);
        armReadBeforeRegistration();
    }

    /** An accepted socket: its peer's address came with accept(2). */
    RelayEpollSocketChannel(ServerSocketChannel parent, LinuxSocket fd, InetSocketAddress remote) {
        super(fd, false); // not "active" yet: Netty's constructor would fetch both addresses for an active one
        this.parent = parent;
        this.remote = remote;
        this.active = true;
        config = new RelayEpollSocketChannelConfig(this);
        armReadBeforeRegistration();
    }

    /**
     * The first epoll registration then asks for reads too. Reading still starts only when the pipeline asks for
     * it: events for a channel whose reads are not wanted are ignored by Netty's read loop until then.
     */
    private void armReadBeforeRegistration() {
        try {
            setFlag(Native.EPOLLIN); // not registered yet: only updates the events to register with
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreachable: an unregistered channel makes no system call", e);
        }
    }

    @Override
    public RelayEpollSocketChannelConfig config() {
        return config;
    }

    @Override
    public ServerSocketChannel parent() {
        return parent;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) super.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) super.remoteAddress();
    }

    @Override
    protected SocketAddress localAddress0() {
        InetSocketAddress address = local;
        if (address == null && active) {
            address = socket.localAddress();
            local = address;
        }
        return address;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
        if (!(remoteAddress instanceof InetSocketAddress address)) {
            throw new IllegalArgumentException("not an internet address: " + remoteAddress);
        }
        checkResolvable(address);
        if (remote != null) {
            throw new AlreadyConnectedException();
        }
        if (localAddress != null) {
            if (localAddress instanceof InetSocketAddress inet) {
                checkResolvable(inet);
            }
            socket.bind(localAddress);
        }
        boolean connected = doConnect0(address); // arms EPOLLOUT (the first registration) while in progress
        if (connected) {
            remote = address;
        }
        return connected;
    }

    @Override
    protected void doClose() throws Exception {
        ChannelPromise promise = connectPromise;
        if (promise != null) {
            promise.tryFailure(new ClosedChannelException());
            connectPromise = null;
        }
        cancelConnectTimeout();
        closing = true;
        try {
            super.doClose(); // closes the socket
        } finally {
            if (isRegistered()) {
                super.doDeregister(); // now only forgets the registration: the socket is closed
            }
        }
    }

    @Override
    protected void doDeregister() throws Exception {
        if (closing && isOpen()) {
            return; // Netty deregisters before it closes; doClose does it after, sparing an EPOLL_CTL_DEL
        }
        super.doDeregister();
    }

    private void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    @Override
    protected AbstractEpollUnsafe newUnsafe() {
        return new RelayUnsafe();
    }

    /** Netty's stream unsafe with its own connect: the same steps as Netty's, minus getpeername and a resubmit. */
    private final class RelayUnsafe extends EpollStreamUnsafe {

        @Override
        protected Executor prepareToClose() {
            if (config.lingers() && isOpen()) {
                registration().cancel(); // as Netty's channel: closing waits out SO_LINGER off the event loop
                return io.netty.util.concurrent.GlobalEventExecutor.INSTANCE;
            }
            return null;
        }

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (promise.isDone() || !ensureOpen(promise)) {
                return;
            }
            try {
                if (connectPromise != null) {
                    throw new ConnectionPendingException();
                }
                if (doConnect(remoteAddress, localAddress)) {
                    connected(promise, true); // connected at once: never registered with epoll yet
                    return;
                }
                connectPromise = promise;
                connectingTo = (InetSocketAddress) remoteAddress;
                int timeoutMillis = config.getConnectTimeoutMillis();
                if (timeoutMillis > 0) {
                    connectTimeout = eventLoop()
                            .schedule(
                                    () -> {
                                        ChannelPromise pending = connectPromise;
                                        if (pending != null
                                                && pending.tryFailure(
                                                        new ConnectTimeoutException("connection timed out after "
                                                                + timeoutMillis + " ms: " + remoteAddress))) {
                                            close(voidPromise());
                                        }
                                    },
                                    timeoutMillis,
                                    TimeUnit.MILLISECONDS);
                }
                promise.addListener((ChannelFutureListener) f -> {
                    if (f.isCancelled()) {
                        cancelConnectTimeout();
                        connectPromise = null;
                        close(voidPromise());
                    }
                });
            } catch (Throwable t) {
                closeIfClosed();
                promise.tryFailure(annotateConnectException(t, remoteAddress));
            }
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            if (connectPromise != null) {
                int ops = ((EpollIoEvent) event).ops().value;
                if ((ops & (Native.EPOLLOUT | Native.EPOLLERR)) == 0) {
                    return; // nothing to read or hang up before the connection is made
                }
                finishConnect();
                if (!isOpen()) {
                    return;
                }
            }
            super.handle(registration, event);
        }

        private void finishConnect() {
            ChannelPromise promise = connectPromise;
            InetSocketAddress address = connectingTo;
            try {
                if (!socket.finishConnect()) {
                    return; // still in progress: EPOLLOUT stays armed
                }
                clearFlag(Native.EPOLLOUT); // leaves EPOLLIN, armed before registration: one epoll_ctl
                remote = address;
                connectDone();
                connected(promise, false);
            } catch (Throwable t) {
                connectDone();
                promise.tryFailure(annotateConnectException(t, address));
                closeIfClosed();
            }
        }

        private void connectDone() {
            connectPromise = null;
            connectingTo = null;
            cancelConnectTimeout();
        }

        /** As Netty's fulfillConnectPromise, which resubmits the epoll events even when they did not change. */
        private void connected(ChannelPromise promise, boolean register) {
            boolean wasActive = active;
            active = true;
            if (register) {
                submitCurrentOps();
            }
            boolean promiseSet = promise.trySuccess();
            if (!wasActive) {
                pipeline().fireChannelActive();
            }
            if (!promiseSet) {
                close(voidPromise());
            }
        }
    }
}
