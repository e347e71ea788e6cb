package io.dcloud.vm.xml;

import io.dcloud.vm.spec.PciAddress;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * The host PCI devices a domain passes through ({@code <hostdev type='pci'>}): libvirt's own definition is the
 * truth for which GPUs a VM holds, so nothing else needs to remember it.
 */
public final class HostdevXml {
    private HostdevXml() {}

    public static List<PciAddress> pciDevices(String domainXml) {
        Element root;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(domainXml)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("libvirt returned unreadable domain XML: " + e.getMessage(), e);
        }
        var out = new ArrayList<PciAddress>();
        var hostdevs = root.getElementsByTagName("hostdev");
        for (int i = 0; i < hostdevs.getLength(); i++) {
            var hostdev = (Element) hostdevs.item(i);
            if (!"pci".equals(hostdev.getAttribute("type"))) {
                continue;
            }
            var sources = hostdev.getElementsByTagName("source");
            if (sources.getLength() == 0) {
                continue;
            }
            var addresses = ((Element) sources.item(0)).getElementsByTagName("address");
            if (addresses.getLength() == 0) {
                continue;
            }
            var a = (Element) addresses.item(0);
            out.add(new PciAddress(
                    number(a.getAttribute("domain")),
                    number(a.getAttribute("bus")),
                    number(a.getAttribute("slot")),
                    number(a.getAttribute("function"))));
        }
        return out;
    }

    /** libvirt writes these as hex with 0x; plain decimal is valid XML for it too. */
    private static int number(String text) {
        String t = text.strip();
        return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
    }
}
