package io.dcloud.vm.network;

import io.dcloud.vm.xml.XmlElement;

/**
 * The private NAT network dcloud's VMs live on (no public IPv4 per VM). Addresses come from static DHCP entries,
 * so the range only exists to make libvirt run DHCP at all.
 */
public record NatNetwork(
        String name, String bridge, String gateway, String netmask, String rangeStart, String rangeEnd) {

    public static NatNetwork defaults() {
        return new NatNetwork("dcloud", "dcloud0", "10.77.0.1", "255.255.255.0", "10.77.0.2", "10.77.0.254");
    }

    public String toXml() {
        var network = new XmlElement("network");
        network.child("name").text(name);
        network.child("forward").attr("mode", "nat");
        network.child("bridge").attr("name", bridge).attr("stp", "on").attr("delay", 0);
        var ip = network.child("ip").attr("address", gateway).attr("netmask", netmask);
        ip.child("dhcp").child("range").attr("start", rangeStart).attr("end", rangeEnd);
        return network.toXml();
    }
}
