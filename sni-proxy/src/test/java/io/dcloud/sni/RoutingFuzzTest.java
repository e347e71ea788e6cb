package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.ConnectionTracker;
import io.dcloud.relay.HostPort;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayMetrics;
import io.dcloud.sni.http.HostRoutingHandler;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.ClientHellos;
import io.dcloud.sni.tls.SniRoutingHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of real ClientHellos and HTTP heads, cut into random segments, through the real
 * routing handlers: nothing may escape as an exception and every buffer must be released.
 */
class RoutingFuzzTest {
    private static final long SEED = 0xDC10D;
    private static final int ROUNDS = 4_000;

    private final RelayMetrics metrics = new RelayMetrics();
    // No route matches, so every input ends in a refusal or waits for more; nothing connects out.
    private final Dispatch dispatch = new Dispatch(
            new AtomicReference<>(RouteTable.EMPTY),
            RouterConfig.of(new HostPort("127.0.0.1", 0), null)
                    .withAcme((host, token) -> token.equals("t") ? Optional.of("t.key") : Optional.empty()),
            metrics,
            new ConnectionTracker());

    @Test
    void mutatedClientHellosNeverThrowNorLeak() {
        List<byte[]> seeds = List.of(
                ClientHellos.hello("app.example.com"),
                ClientHellos.records(ClientHellos.handshake("a.example", List.of("h2"), true, 2), 700),
                ClientHellos.records(ClientHellos.handshake(null, List.of(), false, 3), 16384));
        fuzz(seeds, () -> new SniRoutingHandler(dispatch));
    }

    @Test
    void mutatedHttpHeadsNeverThrowNorLeak() {
        List<byte[]> seeds = List.of(
                ascii("GET / HTTP/1.1\r\nHost: app.example.com\r\nUser-Agent: x\r\n\r\n"),
                ascii("POST /a HTTP/1.1\r\nhost: [::1]:8080\r\nContent-Length: 3\r\n\r\nabc"),
                ascii("GET /.well-known/acme-challenge/t HTTP/1.1\r\nHost: own.example\r\n\r\n"));
        fuzz(seeds, () -> new HostRoutingHandler(dispatch));
    }

    @Test
    void anOversizedHelloIsRefusedWithoutWaitingForAllOfIt() {
        byte[] header = {22, 3, 1, (byte) 0xFF, (byte) 0xFF, 1, 0, (byte) 0xFF, (byte) 0xFB};
        EmbeddedChannel ch = new EmbeddedChannel(new SniRoutingHandler(dispatch));
        ch.writeInbound(Unpooled.wrappedBuffer(header));
        for (int i = 0; i < 3 && ch.isOpen(); i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[8192]));
        }
        assertFalse(ch.isOpen(), "a hello over 16 KiB must be refused by 24 KiB");
        ch.finishAndReleaseAll();
    }

    private void fuzz(List<byte[]> seeds, Supplier<ChannelHandler> handler) {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            List<ByteBuf> written = new ArrayList<>();
            EmbeddedChannel ch = new EmbeddedChannel(handler.get());
            for (int off = 0; off < input.length && ch.isOpen(); ) {
                int n = Math.min(input.length - off, 1 + random.nextInt(random.nextBoolean() ? 8 : 2048));
                ByteBuf buf = Unpooled.copiedBuffer(input, off, n);
                written.add(buf);
                ch.writeInbound(buf);
                off += n;
            }
            ch.checkException();
            ch.finishAndReleaseAll();
            for (ByteBuf buf : written) {
                assertEquals(0, buf.refCnt(), "round " + round + " leaked an input buffer");
            }
        }
        long refused = Arrays.stream(RejectReason.values())
                .mapToLong(r -> metrics.snapshot().rejected(r))
                .sum();
        assertTrue(refused > ROUNDS / 10, "mutations should mostly be refused, got " + refused);
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                int at = random.nextInt(b.length);
                byte[] junk = new byte[random.nextInt(64)];
                random.nextBytes(junk);
                byte[] out = Arrays.copyOf(b, b.length + junk.length);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            case 3 -> {
                int at = random.nextInt(Math.max(1, b.length - 2));
                b[at] = (byte) 0xFF;
                b[at + 1] = (byte) 0xFF;
            }
            default -> {
                // Unchanged: the happy path must hold up too.
            }
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
