package io.dcloud.appliance.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * The outcomes a tenant is told apart, each from a DNS server on loopback that answers as a real one would in
 * that case (NXDOMAIN, SERVFAIL, split TXT strings) or not at all.
 */
class TxtResolverTest {

    private static final String NAME = "_dcloud-challenge.app.example.com";

    @Test
    void splitStringsOfOneRecordAreJoinedAndRecordsKeptApart() throws Exception {
        try (var server = new OneShotDns(query -> {
            var answer = reply(query, Rcode.NOERROR);
            var owner = query.getQuestion().getName();
            answer.addRecord(
                    new TXTRecord(owner, DClass.IN, 60, List.of("first-half-", "second-half")), Section.ANSWER);
            answer.addRecord(new TXTRecord(owner, DClass.IN, 60, "other"), Section.ANSWER);
            return answer;
        })) {
            assertEquals(
                    new TxtAnswer.Records(List.of("first-half-second-half", "other")),
                    TxtResolver.at(server.address(), Duration.ofSeconds(3)).lookup(NAME));
        }
    }

    @Test
    void nxdomainAndAnEmptyAnswerDiffer() throws Exception {
        try (var server = new OneShotDns(query -> reply(query, Rcode.NXDOMAIN))) {
            assertInstanceOf(
                    TxtAnswer.NoSuchName.class,
                    TxtResolver.at(server.address(), Duration.ofSeconds(3)).lookup(NAME));
        }
        try (var server = new OneShotDns(query -> reply(query, Rcode.NOERROR))) {
            assertInstanceOf(
                    TxtAnswer.NoRecords.class,
                    TxtResolver.at(server.address(), Duration.ofSeconds(3)).lookup(NAME));
        }
    }

    @Test
    void aServerFailureIsNamed() throws Exception {
        try (var server = new OneShotDns(query -> reply(query, Rcode.SERVFAIL))) {
            var failed = assertInstanceOf(
                    TxtAnswer.Failed.class,
                    TxtResolver.at(server.address(), Duration.ofSeconds(3)).lookup(NAME));
            assertEquals(TxtAnswer.Failure.SERVER_FAILURE, failed.failure());
            assertTrue(failed.detail().endsWith("answered SERVFAIL"), failed.detail());
        }
    }

    @Test
    void silenceIsATimeout() throws Exception {
        try (var silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            long start = System.nanoTime();
            var failed = assertInstanceOf(
                    TxtAnswer.Failed.class,
                    TxtResolver.at(address, Duration.ofMillis(500)).lookup(NAME));
            assertEquals(TxtAnswer.Failure.TIMEOUT, failed.failure(), failed.detail());
            assertTrue(failed.detail().contains("did not answer in time"), failed.detail());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "bounded by the timeout");
        }
    }

    /**
     * Nothing on the port: the ICMP error makes it "unreachable" when it reaches dnsjava's socket in time, else the
     * wait ends at the timeout. Either way a failure to retry, never an answer about the record.
     */
    @Test
    void aClosedPortIsAFailureNotAnAnswer() throws Exception {
        InetSocketAddress closed;
        try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
        var failed = assertInstanceOf(
                TxtAnswer.Failed.class,
                TxtResolver.at(closed, Duration.ofMillis(500)).lookup(NAME));
        assertTrue(
                failed.failure() == TxtAnswer.Failure.TIMEOUT
                        ? failed.detail().contains("did not answer in time")
                        : failed.detail().contains("nothing listens there (port unreachable)"),
                failed.detail());
    }

    private static Message reply(Message query, int rcode) {
        var answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setRcode(rcode);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }

    /** A UDP DNS server on loopback that answers one query with whatever the test makes of it. */
    private static final class OneShotDns implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        OneShotDns(UnaryOperator<Message> answer) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = Thread.ofVirtual().start(() -> {
                try {
                    var packet = new DatagramPacket(new byte[512], 512);
                    socket.receive(packet);
                    var query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    assertEquals(
                            Name.fromString(NAME + "."), query.getQuestion().getName());
                    byte[] out = answer.apply(query).toWire();
                    socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                } catch (Exception e) {
                    // the socket closes when the test ends; the test's own assertion reports a missing answer
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(Duration.ofSeconds(5));
        }
    }
}
