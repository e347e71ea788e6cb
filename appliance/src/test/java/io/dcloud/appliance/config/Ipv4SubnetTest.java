package io.dcloud.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Ipv4SubnetTest {

    @Test
    void privateNetworksParse() {
        assertEquals(
                "10.77.0.0/24",
                Ipv4Subnet.parse("10.77.0.0/24").subnet().orElseThrow().toString());
        assertEquals(
                "172.16.8.0/22",
                Ipv4Subnet.parse("172.16.8.0/22").subnet().orElseThrow().toString());
        assertEquals(
                "192.168.122.0/24",
                Ipv4Subnet.parse("192.168.122.0/24").subnet().orElseThrow().toString());
    }

    @Test
    void everyReasonIsNamed() {
        assertTrue(Ipv4Subnet.parse("10.77.0.0").problem().contains("CIDR"));
        assertTrue(Ipv4Subnet.parse("10.277.0.0/16").problem().contains("out of range"));
        assertTrue(Ipv4Subnet.parse("10.0.0.0/30").problem().contains("prefix length"));
        assertTrue(Ipv4Subnet.parse("10.77.0.5/24").problem().contains("did you mean 10.77.0.0/24"));
        assertTrue(Ipv4Subnet.parse("8.8.8.0/24").problem().contains("RFC 1918"));
        assertTrue(Ipv4Subnet.parse("172.32.0.0/16").problem().contains("RFC 1918"));
    }
}
