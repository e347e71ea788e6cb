package io.dcloud.sni.tls;

import io.dcloud.relay.RejectReason;
import io.dcloud.sni.Dispatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * Waits for the whole ClientHello (Netty reassembles it across segments and records), routes on its
 * server name, and leaves every byte it saw in place for the backend. Never decrypts anything.
 */
public final class SniRoutingHandler extends SslClientHelloHandler<HelloResult> {
    /** Largest ClientHello accepted: far above post-quantum hellos (~1.8 KiB), far below memory concerns. */
    public static final int MAX_HELLO = 16 * 1024;
    /** Hello plus generous record overhead (a hello may be cut into many small records). */
    static final int MAX_BUFFERED = MAX_HELLO + 4 * 1024;

    private final Dispatch dispatch;
    private boolean decided;

    public SniRoutingHandler(Dispatch dispatch) {
        super(MAX_HELLO);
        this.dispatch = dispatch;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (decided) {
            // Refused and closing (a routed connection has left this handler): whatever else arrives is dropped.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() > MAX_BUFFERED) {
            in.skipBytes(in.readableBytes());
            reject(ctx, RejectReason.MALFORMED, TlsAlert.DECODE_ERROR);
            return;
        }
        super.decode(ctx, in, out);
    }

    @Override
    protected Future<HelloResult> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        HelloResult result = clientHello == null
                ? new HelloResult.Malformed("first bytes are not a TLS ClientHello")
                : ClientHelloParser.parse(clientHello);
        return ctx.executor().newSucceededFuture(result);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<HelloResult> future) {
        decided = true;
        switch (future.getNow()) {
            case HelloResult.Malformed m -> reject(ctx, RejectReason.MALFORMED, TlsAlert.DECODE_ERROR);
            case HelloResult.ClientHello hello
            when hello.serverName() == null -> route(ctx, null, null, RejectReason.NO_SNI);
            case HelloResult.ClientHello hello ->
                route(ctx, dispatch.find(hello.serverName()), hello.serverName(), RejectReason.UNKNOWN_NAME);
        }
    }

    private void route(ChannelHandlerContext ctx, io.dcloud.sni.route.Route route, String name, RejectReason ifNone) {
        if (!dispatch.send(ctx, this, route, name, ifNone)) {
            TlsAlert.sendAndClose(ctx.channel(), TlsAlert.UNRECOGNIZED_NAME);
        }
    }

    private void reject(ChannelHandlerContext ctx, RejectReason reason, byte alert) {
        decided = true;
        dispatch.metrics().reject(reason);
        TlsAlert.sendAndClose(ctx.channel(), alert);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Netty refused the records (not TLS, zero-length record, hello over MAX_HELLO) and closes.
        if (!decided) {
            decided = true;
            dispatch.metrics().reject(RejectReason.MALFORMED);
        }
        ctx.close();
    }

    /** One per connection. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return false;
    }
}
