package io.dcloud.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.sni.http.HostRoutingHandler;
import io.dcloud.sni.tls.SniRoutingHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relay's handlers answer {@code isSharable()} themselves, to spare Netty's per-thread lookup on every pipeline
 * add: each answer has to match the class's {@code @Sharable} annotation, which is what Netty would have answered.
 */
class SharableAnswersTest {

    @Test
    void everyHandlersAnswerMatchesItsAnnotation() {
        List<ChannelHandlerAdapter> handlers = List.of(
                new AcceptedSetup(ch -> {}),
                ConnectionTimer.idle(Duration.ofSeconds(1), new RelayMetrics()),
                new BackendConnector(null, null, null),
                new RelayHandler(null, null),
                new SniRoutingHandler(null),
                new HostRoutingHandler(null));
        for (ChannelHandlerAdapter handler : handlers) {
            Class<?> type = handler.getClass();
            assertEquals(type.isAnnotationPresent(ChannelHandler.Sharable.class), handler.isSharable(), type.getName());
        }
    }
}
