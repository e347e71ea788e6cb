package io.dcloud.vm.xml;

import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * dcloud's record inside a domain's {@code <metadata>}: libvirt keeps it with the domain, so a restarted appliance
 * finds its rentals, ports and routes in libvirt instead of a database of its own.
 */
public final class MetadataXml {
    public static final String NAMESPACE = "https://dcloud.io/xmlns/vm/1";
    public static final String PREFIX = "dcloud";

    private MetadataXml() {}

    /** The {@code <dcloud:vm>} element with its namespace declaration. */
    public static XmlElement element(VmKind kind, DcloudMetadata metadata, NetworkAttachment network) {
        return build(PREFIX + ":", kind, metadata, network).attr("xmlns:" + PREFIX, NAMESPACE);
    }

    /**
     * The same record as {@code virDomainSetMetadata} takes it: without prefix or namespace, which libvirt puts on
     * the element and its children itself (given {@link #PREFIX} and {@link #NAMESPACE}; it refuses an element that
     * already declares the prefix).
     */
    public static String forSetMetadata(VmKind kind, DcloudMetadata metadata, NetworkAttachment network) {
        return build("", kind, metadata, network).toXml();
    }

    private static XmlElement build(String prefix, VmKind kind, DcloudMetadata metadata, NetworkAttachment network) {
        var vm = new XmlElement(prefix + "vm");
        vm.child(prefix + "rental").attr("id", metadata.rentalId()).attr("tenant", metadata.tenant());
        vm.child(prefix + "kind").text(kind.label());
        vm.child(prefix + "network")
                .attr("name", network.network())
                .attr("mac", network.mac())
                .attr("ip", network.ip());
        metadata.portBlock()
                .ifPresent(
                        b -> vm.child(prefix + "ports").attr("first", b.first()).attr("count", b.count()));
        metadata.routes().forEach(r -> vm.child(prefix + "route").attr("host", r));
        return vm;
    }

    /** dcloud's record in a full domain XML, or empty when the domain is not dcloud's. */
    public static Optional<DomainRecord> read(String domainXml) {
        Element root;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(domainXml)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("libvirt returned unreadable domain XML: " + e.getMessage(), e);
        }
        var vms = root.getElementsByTagNameNS(NAMESPACE, "vm");
        if (vms.getLength() == 0) {
            return Optional.empty();
        }
        var vm = (Element) vms.item(0);
        var rental = first(vm, "rental");
        var net = first(vm, "network");
        var ports = first(vm, "ports");
        var routes = new ArrayList<String>();
        var routeNodes = vm.getElementsByTagNameNS(NAMESPACE, "route");
        for (int i = 0; i < routeNodes.getLength(); i++) {
            routes.add(((Element) routeNodes.item(i)).getAttribute("host"));
        }
        var metadata = new DcloudMetadata(
                rental.getAttribute("id"),
                rental.getAttribute("tenant"),
                ports == null
                        ? Optional.empty()
                        : Optional.of(new PortBlock(
                                Integer.parseInt(ports.getAttribute("first")),
                                Integer.parseInt(ports.getAttribute("count")))),
                routes);
        var network = new NetworkAttachment(net.getAttribute("name"), net.getAttribute("mac"), net.getAttribute("ip"));
        return Optional.of(new DomainRecord(VmKind.parse(first(vm, "kind").getTextContent()), metadata, network));
    }

    private static Element first(Element parent, String name) {
        var nodes = parent.getElementsByTagNameNS(NAMESPACE, name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    /** What dcloud wrote into a domain. */
    public record DomainRecord(VmKind kind, DcloudMetadata metadata, NetworkAttachment network) {}
}
