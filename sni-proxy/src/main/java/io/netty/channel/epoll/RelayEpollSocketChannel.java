package io.netty.channel.epoll;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelId;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.InputShutdownMark;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * extended) makes 38 per forwarded connection where HAProxy makes 21 (plus its clock_gettime calls); this one
 * makes 22. It spares:
 * <ul>
 *   <li>the local address (getsockname) at creation and after connect: asked of the kernel only when used (a
 *       PROXY header);
 *   <li>the peer's address (getpeername) once connected: it is the address that was connected to; and the
 *       connect's result (SO_ERROR) when epoll reports the socket writable without an error;
 *   <li>SO_SNDBUF at creation and TCP_NODELAY on accepted sockets ({@link RelayEpollSocketChannelConfig}), and
 *       SO_LINGER at close (remembered when set);
 *   <li>three epoll_ctl calls: reading is armed with the first registration (Netty adds the socket, then
 *       modifies it to read), a connected socket is not re-submitted with unchanged events, and a closing socket
 *       is not removed from epoll first, as close(2) removes it;
 *   <li>at the peer's FIN, the shutdown(SHUT_RD), a second read and two of the three epoll_ctl calls Netty makes.
 * </ul>
 * Its id is a counter ({@link RelayChannelId}), not Netty's machine-wide unique id. Accepted from a client that speaks
 * first, it reads as soon as reads are asked for, without waiting for epoll ({@link #doBeginRead()}).
 * It also keeps a half-closed socket in epoll (see {@link #stopWatchingInput()}): Netty's own takes it out once the
 * peer's FIN has been read, later fails to ask for EPOLLOUT on it, and so cuts a large transfer the other way.
 * It lives in Netty's package because the channel base classes it extends are package-private there; it relies on
 * Netty 4.2.18's internals (pinned in the parent pom), and {@code RelayEpollSocketChannelTest} checks that
 * behaviour on every build.
 */
public final class RelayEpollSocketChannel extends AbstractEpollStreamChannel implements SocketChannel {
    private static final int EPOLLHUP = 0x010; // <sys/epoll.h>; Netty's Native does not export it
    private static final int TCP_ESTABLISHED = 1; // <netinet/tcp.h>, as TCP_INFO reports the state
    private final RelayEpollSocketChannelConfig config;
    private final ServerSocketChannel parent;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private ChannelPromise connectPromise;
    private InetSocketAddress connectingTo;
    private Future<?> connectTimeout;
    private boolean closing;
    private boolean readAtOnce;

    /** A socket to connect (a backend). */
    public RelayEpollSocketChannel(SocketProtocolFamily family) {
        super(LinuxSocket.newSocketStream(family), false);
        parent = null;
        config = new RelayEpollSocketChannelConfig(this, false);
        armReadBeforeRegistration();
    }

    /**
     * An accepted socket: its peer's address came with accept(2). A client that speaks first (TLS, HTTP) has usually
     * sent its first bytes by the time the socket is accepted; it is then read at once.
     */
    RelayEpollSocketChannel(
            ServerSocketChannel parent, LinuxSocket fd, InetSocketAddress remote, boolean clientSpeaksFirst) {
        super(fd, false); // not "active" yet: Netty's constructor would fetch both addresses for an active one
        this.parent = parent;
        this.remote = remote;
        this.active = true;
        this.readAtOnce = clientSpeaksFirst;
        config = new RelayEpollSocketChannelConfig(this, true);
        armReadBeforeRegistration();
    }

    /**
     * The first epoll registration then asks for reads too. Reading still starts only when the pipeline asks for
     * it: events for a channel whose reads are not wanted are ignored by Netty's read loop until then.
     */
    private void armReadBeforeRegistration() {
        try {
            setFlag(Native.EPOLLIN); // not registered yet: only updates the events to register with
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: an unregistered channel makes no system call", e);
        }
    }

    /** Called by Netty's constructor, before this class's fields are set: it uses none of them. */
    @Override
    protected ChannelId newId() {
        return RelayChannelId.next();
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
        boolean connected = connectNow(address);
        if (connected) {
            remote = address;
        }
        return connected;
    }

    /**
     * As Netty's doConnect0, except that a handshake already done when connect(2) returns counts as connected. A
     * backend reached through the kernel alone (loopback, a veth pair into a namespace) has answered the SYN before
     * connect(2) returns, yet the call says "in progress": asking TCP_INFO then spares a loop turn, an epoll_ctl and
     * the wait for epoll's EPOLLOUT before the first bytes go out. Toward a VM's tap device the handshake is still
     * under way, and the question costs one getsockopt beside a network round trip.
     */
    private boolean connectNow(InetSocketAddress address) throws Exception {
        boolean success = false;
        try {
            boolean connected = socket.connect(address) || handshakeDone();
            if (!connected) {
                setFlag(Native.EPOLLOUT); // the first registration with epoll: the connect's end is reported
            }
            success = true;
            return connected;
        } finally {
            if (!success) {
                doClose();
            }
        }
    }

    private boolean handshakeDone() throws IOException {
        EpollTcpInfo info = new EpollTcpInfo();
        socket.getTcpInfo(info);
        return info.state() == TCP_ESTABLISHED;
    }

    /**
     * Nothing is left to read once the peer's FIN has been: asking epoll for reads would only report the end again.
     * The first request of a socket accepted from a client that speaks first reads right away, in the loop turn that
     * accepted it (a TLS client's hello arrives with the handshake's last ACK or just after): waiting for epoll to
     * report it would take one more turn before the backend can even be chosen. HAProxy reads at accept too. If
     * nothing has arrived yet, the read finds nothing and epoll reports the bytes when they come.
     */
    @Override
    protected void doBeginRead() throws Exception {
        if (socket.isInputShutdown()) {
            return;
        }
        super.doBeginRead();
        if (readAtOnce) {
            readAtOnce = false;
            ((RelayUnsafe) unsafe()).epollInReady();
        }
    }

    /**
     * The peer's FIN has been read: the socket stays in epoll for the writes still to come the other way, but
     * edge-triggered. Level-triggered, an ended input is reported on every wait, so Netty takes such a socket out of
     * epoll altogether (EPOLL_CTL_DEL once it asks for nothing else); its next request for EPOLLOUT, made when a
     * write to that socket has to wait, then modifies a socket epoll no longer knows: ENOENT, and Netty closes the
     * channel mid-transfer. Edge-triggered, the ended input is reported again only when something changes on the
     * socket (a reset), and EPOLLOUT, once asked for, fires when room frees up.
     */
    private void stopWatchingInput() throws IOException {
        setFlag(Native.EPOLLET);
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
                    connected(promise, true); // connected on return: never registered with epoll yet
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
            int ops = ((EpollIoEvent) event).ops().value;
            if (connectPromise != null) {
                if ((ops & (Native.EPOLLOUT | Native.EPOLLERR)) == 0) {
                    return; // nothing to read or hang up before the connection is made
                }
                finishConnect(ops);
                if (!isOpen()) {
                    return;
                }
            }
            if ((ops & (Native.EPOLLOUT | Native.EPOLLERR)) == 0 && socket.isInputShutdown()) {
                return; // the ended input reported again, edge-triggered (stopWatchingInput): nothing to do
            }
            if ((ops & Native.EPOLLRDHUP) != 0) {
                // The peer's FIN: read through to it in one pass. Netty reads once for EPOLLIN, again for EPOLLRDHUP,
                // then has epoll stop reporting EPOLLRDHUP (an epoll_ctl; stopWatchingInput covers that here).
                recvBufAllocHandle().receivedRdHup();
                event = EpollIoOps.eventOf((ops & ~Native.EPOLLRDHUP) | Native.EPOLLIN);
            }
            super.handle(registration, event);
            if ((ops & Native.EPOLLERR) != 0 && socket.isInputShutdown() && isOpen()) {
                close(voidPromise()); // reset after its FIN: nothing more can be written to it either
            }
        }

        /**
         * The input ended with the peer's FIN: as Netty's, with half-closure allowed, minus its shutdown(SHUT_RD) (a
         * FIN already ended the input; only the socket's recorded state matters to Netty) and with the socket kept
         * in epoll for the writes still to come ({@link #stopWatchingInput()}).
         */
        @Override
        void shutdownInput(boolean allDataRead) {
            if (!allDataRead || socket.isInputShutdown() || !config.isAllowHalfClosure()) {
                super.shutdownInput(allDataRead);
                return;
            }
            InputShutdownMark.mark(socket);
            try {
                stopWatchingInput();
            } catch (IOException | UncheckedIOException e) {
                pipeline().fireExceptionCaught(e);
                close(voidPromise());
                return;
            }
            pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            if (!inputClosedSeenErrorOnRead) {
                inputClosedSeenErrorOnRead = true;
                pipeline().fireUserEventTriggered(ChannelInputShutdownReadComplete.INSTANCE);
            }
        }

        /**
         * Writable without an error or hang-up means connected: epoll reports EPOLLOUT only once the handshake is
         * done, and a refused or reset connect sets EPOLLERR. Only then is SO_ERROR asked (Netty asks it every time),
         * for the error to report.
         */
        private void finishConnect(int ops) {
            ChannelPromise promise = connectPromise;
            InetSocketAddress address = connectingTo;
            try {
                boolean connected = (ops & (Native.EPOLLERR | EPOLLHUP)) == 0 && (ops & Native.EPOLLOUT) != 0;
                if (!connected && !socket.finishConnect()) {
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
