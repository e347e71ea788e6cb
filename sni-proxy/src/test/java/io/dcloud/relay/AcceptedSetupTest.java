package io.dcloud.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One shared child handler sets up each connection's pipeline exactly once and then leaves it. */
class AcceptedSetupTest {

    @Test
    void setsUpEachChannelOnceAndStepsAside() {
        AtomicInteger setups = new AtomicInteger();
        AcceptedSetup shared = new AcceptedSetup(ch -> {
            setups.incrementAndGet();
            ch.pipeline().addLast("timer", new ChannelInboundHandlerAdapter());
            ch.pipeline().addLast("router", new ChannelInboundHandlerAdapter());
        });
        EmbeddedChannel first = new EmbeddedChannel(shared);
        EmbeddedChannel second = new EmbeddedChannel(shared);

        assertEquals(2, setups.get(), "one setup per channel");
        for (EmbeddedChannel ch : List.of(first, second)) {
            assertNull(ch.pipeline().get(AcceptedSetup.class), "the setup handler left the pipeline");
            assertEquals(List.of("timer", "router"), ch.pipeline().names().subList(0, 2));
            assertTrue(ch.isOpen());
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void aSetupThatFailsClosesTheConnectionInsteadOfLeavingItUnwatched() {
        EmbeddedChannel ch = new EmbeddedChannel(new AcceptedSetup(c -> {
            c.pipeline().addLast("half-built", new ChannelInboundHandlerAdapter());
            throw new IllegalStateException("no handler for this connection");
        }));

        // Netty itself only removes a handler whose handlerAdded threw, and leaves the channel open.
        assertFalse(ch.isOpen());
        assertNull(ch.pipeline().get(AcceptedSetup.class));
    }
}
