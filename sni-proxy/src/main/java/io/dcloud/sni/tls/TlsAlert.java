package io.dcloud.sni.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** The one TLS record the router ever writes itself: a fatal alert, before closing. */
public final class TlsAlert {
    private static final byte ALERT = 21;
    private static final byte FATAL = 2;
    /** RFC 6066 section 3. */
    public static final byte UNRECOGNIZED_NAME = 112;
    /** RFC 8446 section 6.2: the hello could not be parsed. */
    public static final byte DECODE_ERROR = 50;

    private TlsAlert() {}

    public static void sendAndClose(Channel client, byte description) {
        byte[] record = {ALERT, 3, 3, 0, 2, FATAL, description};
        client.writeAndFlush(Unpooled.wrappedBuffer(record)).addListener(ChannelFutureListener.CLOSE);
    }
}
