package io.dcloud.vm.network;

import io.dcloud.vm.xml.XmlElement;

/** A static DHCP entry: this MAC always gets this address (and name). */
public record DhcpHost(String mac, String name, String ip) {
    public String toXml() {
        return new XmlElement("host")
                .attr("mac", mac)
                .attr("name", name)
                .attr("ip", ip)
                .toXml()
                .strip();
    }
}
