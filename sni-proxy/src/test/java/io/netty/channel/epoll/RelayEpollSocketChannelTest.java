package io.netty.channel.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's epoll channels behave as Netty's own where the relay looks: addresses, TCP_NODELAY, connect success,
 * refusal and timeout, echoing, and leaving the event loop when closed (they close without EPOLL_CTL_DEL); and,
 * unlike Netty's, a half-closed channel still writes and notices a reset.
 */
class RelayEpollSocketChannelTest {
    private EventLoopGroup group;
    private volatile EpollIoHandler handler;
    private Channel server;
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

    @BeforeEach
    void echoServer() throws Exception {
        Epoll.ensureAvailability(); // the module's transport on Linux x86_64: a build there must test it
        IoHandlerFactory epoll = EpollIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, executor -> {
            handler = (EpollIoHandler) epoll.newHandler(executor);
            return handler;
        });
        server = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> new RelayEpollServerSocketChannel(SocketProtocolFamily.INET, false))
                .childHandler(new Echo())
                .bind(InetAddress.getByName("127.0.0.1"), 0)
                .sync()
                .channel();
    }

    /** Echoes what it reads and hands each accepted channel to the test. */
    @ChannelHandler.Sharable
    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.add(ctx.channel());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private ChannelFuture connect(InetSocketAddress to, int timeoutMillis, CompletableFuture<String> received) {
        return new Bootstrap()
                .group(group)
                .channelFactory(() -> new RelayEpollSocketChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        received.complete(buf.toString(StandardCharsets.US_ASCII));
                        buf.release();
                    }
                })
                .connect(to);
    }

    private InetSocketAddress serverAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Listening on an IPv4 address takes an IPv4 socket, whose connections the kernel lists in /proc/net/tcp (what ss
     * shows as tcp); a dual-stack socket's would be in tcp6, as IPv4-mapped IPv6 addresses.
     */
    @Test
    void anIpv4ListenerAndWhatItAcceptsAreIpv4Sockets() throws Exception {
        Channel client =
                connect(serverAddress(), 5000, new CompletableFuture<>()).sync().channel();
        Channel child = accepted.poll(5, TimeUnit.SECONDS);
        assertInstanceOf(RelayEpollSocketChannel.class, child);

        String port = String.format(":%04X ", serverAddress().getPort());
        List<String> v4 = Files.readAllLines(Path.of("/proc/self/net/tcp"));
        List<String> v6 = Files.readAllLines(Path.of("/proc/self/net/tcp6"));
        // The listener and the accepted socket both have the server's port as their local one.
        assertEquals(2, v4.stream().filter(line -> localPortIs(line, port)).count(), String.join("\n", v4));
        assertEquals(0, v6.stream().filter(line -> localPortIs(line, port)).count(), String.join("\n", v6));
        client.close().sync();
    }

    /**
     * Both ends of a relayed connection get ids of their own, and a channel group (the relay's connection tracker)
     * finds and forgets them by id as it does Netty's default ids.
     */
    @Test
    void eachChannelHasItsOwnIdThatAChannelGroupKeysOn() throws Exception {
        Channel client =
                connect(serverAddress(), 5000, new CompletableFuture<>()).sync().channel();
        Channel child = accepted.poll(5, TimeUnit.SECONDS);
        assertInstanceOf(RelayChannelId.class, client.id());
        assertNotEquals(client.id(), child.id());
        assertNotEquals(0, client.id().compareTo(child.id()));
        assertNotEquals(client.id().asLongText(), child.id().asLongText());

        ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        group.add(client);
        group.add(child);
        assertSame(child, group.find(child.id()));
        assertSame(client, group.find(client.id()));
        child.close().sync();
        assertNull(group.find(child.id()), "a closed channel leaves its group");
        client.close().sync();
        assertTrue(group.isEmpty());
    }

    /**
     * Many small messages leave the read buffer at 512 bytes at least: with Netty's default it shrinks to 64, a
     * 64-byte message fills it, and every such message costs a second read that finds nothing.
     */
    @Test
    void smallMessagesKeepTheReadBufferAt512BytesOrMore() throws Exception {
        try (Socket client =
                new Socket(serverAddress().getAddress(), serverAddress().getPort())) {
            Channel child = accepted.poll(5, TimeUnit.SECONDS);
            byte[] message = new byte[64];
            for (int i = 0; i < 40; i++) {
                client.getOutputStream().write(message);
                assertEquals(64, client.getInputStream().readNBytes(message, 0, 64));
            }
            int guess = child.eventLoop()
                    .submit(() -> child.unsafe().recvBufAllocHandle().guess())
                    .get(5, TimeUnit.SECONDS);
            assertTrue(guess >= 512, "read buffer guess after 40 small messages: " + guess);
        }
    }

    /**
     * A listener for clients that speak first reads an accepted socket in the loop turn that accepted it: the bytes
     * that came with the connection reach the pipeline before the loop runs the tasks queued meanwhile. Any other
     * listener reads them on epoll's next report, after those tasks.
     */
    @Test
    void aClientThatSpeaksFirstIsReadInTheTurnThatAcceptedIt() throws Exception {
        assertTrue(firstReadCameBeforeTheLoopsTasks(true), "read at once");
        assertFalse(firstReadCameBeforeTheLoopsTasks(false), "read on epoll's report");
    }

    private boolean firstReadCameBeforeTheLoopsTasks(boolean clientSpeaksFirst) throws Exception {
        CompletableFuture<Boolean> beforeTasks = new CompletableFuture<>();
        Channel listener = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> new RelayEpollServerSocketChannel(SocketProtocolFamily.INET, clientSpeaksFirst))
                .childHandler(new ChannelInboundHandlerAdapter() {
                    private boolean taskRan;

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.channel().eventLoop().execute(() -> taskRan = true);
                        ctx.fireChannelActive(); // reads are asked for after every handler has seen this
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        beforeTasks.complete(!taskRan);
                    }
                })
                .bind(InetAddress.getByName("127.0.0.1"), 0)
                .sync()
                .channel();
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        // The event loop waits until the client's bytes are in the kernel, so that they come with the accepted socket.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        group.next().execute(() -> {
            holding.countDown();
            try {
                sent.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            sent.countDown();
            return beforeTasks.get(5, TimeUnit.SECONDS);
        } finally {
            sent.countDown();
            listener.close().sync();
        }
    }

    /** A listening (0A) or established (01) socket with that local port: not a closed one left in TIME_WAIT. */
    private static boolean localPortIs(String procNetLine, String port) {
        String[] fields = procNetLine.trim().split("\\s+");
        return fields.length > 3
                && (fields[1] + " ").endsWith(port)
                && (fields[3].equals("0A") || fields[3].equals("01"));
    }

    @Test
    void bothEndsKnowTheirAddressesAndBytesGoBothWays() throws Exception {
        CompletableFuture<String> echoed = new CompletableFuture<>();
        Channel client = connect(serverAddress(), 5000, echoed).sync().channel();
        Channel child = accepted.poll(5, TimeUnit.SECONDS);

        assertInstanceOf(RelayEpollSocketChannel.class, child);
        assertSame(server, child.parent());
        assertEquals(serverAddress(), client.remoteAddress());
        InetSocketAddress clientLocal = (InetSocketAddress) client.localAddress();
        InetSocketAddress childRemote = (InetSocketAddress) child.remoteAddress();
        InetSocketAddress childLocal = (InetSocketAddress) child.localAddress();
        assertTrue(clientLocal.getPort() > 0, "client port " + clientLocal);
        assertEquals(clientLocal.getPort(), childRemote.getPort());
        assertTrue(childRemote.getAddress().isLoopbackAddress(), "peer " + childRemote);
        assertEquals(serverAddress().getPort(), childLocal.getPort());
        assertTrue(childLocal.getAddress().isLoopbackAddress(), "local " + childLocal);
        // Accepted sockets get TCP_NODELAY from the listener (no setsockopt of their own); connecting ones set it.
        assertTrue(((SocketChannel) child).config().isTcpNoDelay(), "accepted socket without TCP_NODELAY");
        assertTrue(((SocketChannel) client).config().isTcpNoDelay(), "connected socket without TCP_NODELAY");

        client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
        assertEquals("ping", echoed.get(5, TimeUnit.SECONDS));
        client.close().sync();
        child.closeFuture().await(5, TimeUnit.SECONDS);
        assertFalse(child.isOpen(), "the accepted side closes when the client does");
    }

    /**
     * On loopback the kernel has done the whole handshake by the time connect(2) returns: the connect succeeds in that
     * call, and the channel can write at once instead of waiting for epoll to report it writable.
     */
    @Test
    void aHandshakeDoneWhenConnectReturnsCompletesTheConnectInThatCall() throws Exception {
        Channel channel = new RelayEpollSocketChannel(SocketProtocolFamily.INET);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter());
        CompletableFuture<Boolean> doneOnReturn = new CompletableFuture<>();
        group.next().execute(() -> group.next().register(channel).addListener(registered -> {
            ChannelFuture connect = channel.connect(serverAddress());
            doneOnReturn.complete(connect.isSuccess());
        }));
        try {
            assertTrue(doneOnReturn.get(5, TimeUnit.SECONDS), "connected when connect returned");
            assertTrue(channel.isActive());
            Channel child = accepted.poll(5, TimeUnit.SECONDS);
            assertEquals(
                    ((InetSocketAddress) channel.localAddress()).getPort(),
                    ((InetSocketAddress) child.remoteAddress()).getPort());
        } finally {
            channel.close().sync();
        }
    }

    @Test
    void aRefusedConnectionFailsTheConnectAndClosesTheChannel() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = (InetSocketAddress) probe.getLocalSocketAddress();
        }
        ChannelFuture connect = connect(nobody, 5000, new CompletableFuture<>());
        assertTrue(connect.await(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, connect.cause());
        assertTrue(
                connect.cause().getMessage().contains(String.valueOf(nobody.getPort())),
                connect.cause().getMessage());
        assertTrue(connect.channel().closeFuture().await(5, TimeUnit.SECONDS));
        assertFalse(connect.channel().isActive());
    }

    @Test
    void aConnectionNobodyAnswersTimesOutAndCloses() throws Exception {
        // A listener whose accept queue is full drops new SYNs: a connect to it hangs until its timeout.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                boolean hangs = false;
                for (int i = 0; i < 16 && !hangs; i++) {
                    Socket s = new Socket();
                    queued.add(s);
                    try {
                        s.connect(full.getLocalSocketAddress(), 300);
                    } catch (SocketTimeoutException e) {
                        hangs = true;
                    }
                }
                assertTrue(hangs, "the accept queue never filled");
                ChannelFuture connect =
                        connect((InetSocketAddress) full.getLocalSocketAddress(), 300, new CompletableFuture<>());
                assertTrue(connect.await(5, TimeUnit.SECONDS));
                assertInstanceOf(ConnectTimeoutException.class, connect.cause());
                assertTrue(connect.channel().closeFuture().await(5, TimeUnit.SECONDS));
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /**
     * After the peer's FIN the socket stays registered for writes (edge-triggered, so the ended input is not
     * reported on every wait), and a reset that follows closes the channel.
     */
    @Test
    void aHalfClosedChannelStillWritesAndClosesWhenThePeerResets() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> inputEnded = new CompletableFuture<>();
            Channel channel = new Bootstrap()
                    .group(group)
                    .channelFactory(() -> new RelayEpollSocketChannel(SocketProtocolFamily.INET))
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof ChannelInputShutdownEvent) {
                                inputEnded.complete(ctx.channel().isOpen());
                            }
                        }
                    })
                    .connect(listener.getLocalSocketAddress())
                    .sync()
                    .channel();
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(5000);
                peer.shutdownOutput();
                assertTrue(inputEnded.get(5, TimeUnit.SECONDS), "the FIN ends the input, the channel stays open");
                assertTrue(((SocketChannel) channel).isInputShutdown());
                channel.writeAndFlush(Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII))
                        .sync();
                assertEquals("late", new String(peer.getInputStream().readNBytes(4), StandardCharsets.US_ASCII));
                assertTrue(channel.isOpen());
                peer.setSoLinger(true, 0); // close() now resets the connection
            }
            assertTrue(channel.closeFuture().await(5, TimeUnit.SECONDS), "a reset after the FIN closes the channel");
        }
    }

    @Test
    void closedChannelsLeaveTheEventLoopAndTheirDescriptorsServeAgain() throws Exception {
        for (int i = 0; i < 200; i++) {
            CompletableFuture<String> echoed = new CompletableFuture<>();
            Channel client = connect(serverAddress(), 5000, echoed).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("n" + i, StandardCharsets.US_ASCII));
            assertEquals("n" + i, echoed.get(5, TimeUnit.SECONDS), "connection " + i);
            client.close().sync();
            Channel child = accepted.poll(5, TimeUnit.SECONDS);
            assertTrue(child.closeFuture().await(5, TimeUnit.SECONDS), "accepted side of connection " + i);
        }
        int registered =
                server.eventLoop().submit(handler::numRegisteredChannels).get(5, TimeUnit.SECONDS);
        assertEquals(1, registered, "only the listener stays registered");
    }
}
