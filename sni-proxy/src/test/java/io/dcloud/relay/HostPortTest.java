package io.dcloud.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void readsNamesIpv4AndBracketedIpv6() {
        assertEquals(new HostPort("app.example.com", 443), HostPort.parse("app.example.com:443"));
        assertEquals(new HostPort("10.0.0.5", 22), HostPort.parse(" 10.0.0.5:22 "));
        assertEquals(new HostPort("::1", 8443), HostPort.parse("[::1]:8443"));
        assertEquals(new HostPort("::", 443), HostPort.parse("[::]:443"));
        assertEquals(new HostPort("2001:db8::5", 0), HostPort.parse("[2001:db8::5]:0"));
        assertEquals("[2001:db8::5]:22", HostPort.parse("[2001:db8::5]:22").toString());
    }

    @Test
    void ipLiteralsAreConnectedToWithoutAResolverNamesAreLeftToIt() {
        InetSocketAddress v6 = HostPort.parse("[::1]:443").socketAddress();
        assertFalse(v6.isUnresolved());
        assertTrue(v6.getAddress() instanceof Inet6Address);
        assertFalse(HostPort.parse("127.0.0.1:1").socketAddress().isUnresolved());
        assertTrue(HostPort.parse("backend.internal:443").socketAddress().isUnresolved());
    }

    @Test
    void boundAddressesPrintAsConfigsWriteThem() throws Exception {
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("::1"), 8443);
        assertEquals("[::1]:8443", HostPort.of(bound).toString());
        assertEquals(bound, HostPort.of(bound).resolved());
    }

    private static void assertRejected(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badFormsAreRejectedWithWhatIsWrong() {
        assertRejected("::1:443", "IPv6 addresses need brackets, as in [::1]:443");
        assertRejected("2001:db8::5", "IPv6 addresses need brackets");
        assertRejected("[::1:443", "missing ']' after the IPv6 address");
        assertRejected("[::1]", "expected [ipv6]:port");
        assertRejected("[::1]443", "expected [ipv6]:port");
        assertRejected("[::1]:", "expected host:port");
        assertRejected("[::1]:https", "port is not a number");
        assertRejected("[::1]:70000", "port out of range");
        assertRejected("[127.0.0.1]:80", "'127.0.0.1' is not one");
        assertRejected("[app.example.com]:80", "'app.example.com' is not one");
        assertRejected("[]:80", "'' is not one");
        assertRejected(":443", "expected host:port");
        assertRejected("app.example.com", "expected host:port");
    }
}
