package io.dcloud.sni.http;

import io.dcloud.relay.RejectReason;
import io.dcloud.sni.Dispatch;
import io.dcloud.sni.route.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Buffers the request head (at most 8 KiB), routes on its Host header and leaves the head in place so
 * the backend receives it unchanged. Answers only what no backend should: 421 for unknown names,
 * 400/431 for broken heads, and the appliance's own ACME challenges.
 */
public final class HostRoutingHandler extends ByteToMessageDecoder {
    private final Dispatch dispatch;
    private boolean decided;

    public HostRoutingHandler(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            // Refused and closing (a routed connection has left this handler): whatever else arrives is dropped.
            in.skipBytes(in.readableBytes());
            return;
        }
        switch (HttpHeadParser.parse(in, HttpHeadParser.DEFAULT_LIMIT)) {
            case HeadResult.Incomplete i -> {}
            case HeadResult.TooLarge t ->
                refuse(ctx, in, RejectReason.MALFORMED, "431 Request Header Fields Too Large");
            case HeadResult.Malformed m -> refuse(ctx, in, RejectReason.MALFORMED, "400 Bad Request");
            case HeadResult.Head head -> route(ctx, in, head);
        }
    }

    private void route(ChannelHandlerContext ctx, ByteBuf in, HeadResult.Head head) {
        decided = true;
        AcmeChallenges acme = dispatch.config().acme();
        if (acme != null && head.target().startsWith(AcmeChallenges.PATH_PREFIX)) {
            String token = head.target().substring(AcmeChallenges.PATH_PREFIX.length());
            Optional<String> answer = acme.answer(head.host(), token);
            if (answer.isPresent()) {
                in.skipBytes(in.readableBytes());
                respond(ctx, "200 OK", answer.get());
                return;
            }
        }
        Route route = dispatch.find(head.host());
        if (!dispatch.send(ctx, this, route == null ? null : route.forHttp(), head.host(), RejectReason.UNKNOWN_NAME)) {
            in.skipBytes(in.readableBytes());
            respond(ctx, "421 Misdirected Request", "no route for this host\n");
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, RejectReason reason, String status) {
        decided = true;
        in.skipBytes(in.readableBytes());
        dispatch.metrics().reject(reason);
        respond(ctx, status, status.substring(4) + "\n");
    }

    private static void respond(ChannelHandlerContext ctx, String status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n";
        ByteBuf response = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), bytes);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** One per connection. Netty asks on every pipeline add; its own answer costs a per-thread map lookup. */
    @Override
    public boolean isSharable() {
        return false;
    }
}
