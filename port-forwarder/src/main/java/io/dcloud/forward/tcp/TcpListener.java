package io.dcloud.forward.tcp;

import io.dcloud.forward.Listener;
import io.dcloud.forward.Mapping;
import io.dcloud.relay.AcceptedSetup;
import io.dcloud.relay.Admission;
import io.dcloud.relay.BackendConnector;
import io.dcloud.relay.ConnectionTimer;
import io.dcloud.relay.ConnectionTracker;
import io.dcloud.relay.RelayConfig;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.relay.Target;
import io.dcloud.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/** A TCP host port: every accepted connection goes straight to the shared relay's backend connector. */
public final class TcpListener implements Listener {
    private final Channel server;
    private final String key;
    private final ConnectionTracker tracker;

    private TcpListener(Channel server, String key, ConnectionTracker tracker) {
        this.server = server;
        this.key = key;
        this.tracker = tracker;
    }

    /** Binds now; throws when the port is taken. */
    public static TcpListener bind(
            EventLoopGroup group,
            Mapping mapping,
            RelayConfig config,
            Admission admission,
            ConnectionTracker tracker,
            RelayMetrics metrics)
            throws InterruptedException {
        Target target = new Target(mapping.key(), mapping.backend(), mapping.proxyProtocol(), null);
        InetSocketAddress listen = mapping.listen().resolved();
        Channel server = new ServerBootstrap()
                .group(group)
                .channelFactory(Transport.serverChannelFactory(listen, false))
                .option(ChannelOption.SO_BACKLOG, 1024)
                // Netty sets TCP_NODELAY on every socket already: setting it again costs a syscall per accept.
                // Reads are on from accept: what the client sends while the backend connects waits in
                // BackendConnector (bounded), and is on its way in the same loop turn that sees the connect.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new AcceptedSetup(ch -> {
                    if (admission.admit(ch)) {
                        tracker.register(target.key(), ch, 0);
                        ch.pipeline()
                                .addLast(ConnectionTimer.idle(config.idleTimeout(), metrics))
                                .addLast(new BackendConnector(target, config, metrics));
                    }
                }))
                .bind(listen)
                .sync()
                .channel();
        return new TcpListener(server, mapping.key(), tracker);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close(boolean cut) {
        server.close().syncUninterruptibly();
        if (cut) {
            tracker.closeAll(key);
        }
    }
}
