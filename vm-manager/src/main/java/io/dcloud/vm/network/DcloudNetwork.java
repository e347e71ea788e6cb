package io.dcloud.vm.network;

import io.dcloud.vm.libvirt.LibvirtCalls;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** dcloud's libvirt NAT network: created if missing, and its static DHCP entries, one per VM. */
public final class DcloudNetwork {
    /** VIR_NETWORK_XML_INACTIVE: the persistent definition rather than the running network. */
    private static final int XML_INACTIVE = 1;

    private final Connect connect;
    private final NatNetwork definition;

    public DcloudNetwork(Connect connect, NatNetwork definition) {
        this.connect = connect;
        this.definition = definition;
    }

    public String name() {
        return definition.name();
    }

    /** Defines, autostarts and starts the network unless it already runs. */
    public Network ensure() throws LibvirtException {
        Network network;
        if (Arrays.asList(connect.listNetworks()).contains(definition.name())
                || Arrays.asList(connect.listDefinedNetworks()).contains(definition.name())) {
            network = connect.networkLookupByName(definition.name());
        } else {
            network = connect.networkDefineXML(definition.toXml());
            network.setAutostart(true);
        }
        if (network.isActive() != 1) {
            network.create();
        }
        return network;
    }

    /** The static DHCP entries of the running network (or of its definition when it is not running). */
    public List<DhcpHost> hosts() throws LibvirtException {
        return hosts(connect.networkLookupByName(definition.name()).getXMLDesc(0));
    }

    /**
     * Makes {@code host} the only entry for its MAC, name and address, in the running network and in its
     * definition. The two are handled apart because they can differ (a daemon killed half-way), and libvirt
     * refuses to add an entry one of them already has.
     */
    public void addHost(DhcpHost host) throws LibvirtException {
        for (int scope : scopes()) {
            var hosts = hosts(scope);
            if (hosts.contains(host)) {
                continue;
            }
            for (var old : hosts) {
                if (old.mac().equals(host.mac())
                        || old.ip().equals(host.ip())
                        || old.name().equals(host.name())) {
                    LibvirtCalls.updateDhcpHost(
                            connect, definition.name(), LibvirtCalls.UPDATE_DELETE, scope, old.toXml());
                }
            }
            LibvirtCalls.updateDhcpHost(connect, definition.name(), LibvirtCalls.UPDATE_ADD_LAST, scope, host.toXml());
        }
    }

    /** Removes the entries named {@code vmName} from the running network and its definition; none is fine. */
    public void removeHost(String vmName) throws LibvirtException {
        if (!Arrays.asList(connect.listNetworks()).contains(definition.name())
                && !Arrays.asList(connect.listDefinedNetworks()).contains(definition.name())) {
            return;
        }
        for (int scope : scopes()) {
            for (var host : hosts(scope)) {
                if (host.name().equals(vmName)) {
                    LibvirtCalls.updateDhcpHost(
                            connect, definition.name(), LibvirtCalls.UPDATE_DELETE, scope, host.toXml());
                }
            }
        }
    }

    private List<Integer> scopes() throws LibvirtException {
        return connect.networkLookupByName(definition.name()).isActive() == 1
                ? List.of(LibvirtCalls.AFFECT_LIVE, LibvirtCalls.AFFECT_CONFIG)
                : List.of(LibvirtCalls.AFFECT_CONFIG);
    }

    private List<DhcpHost> hosts(int scope) throws LibvirtException {
        var network = connect.networkLookupByName(definition.name());
        if (scope == LibvirtCalls.AFFECT_LIVE) {
            return hosts(network.getXMLDesc(0));
        }
        try {
            return hosts(network.getXMLDesc(XML_INACTIVE));
        } catch (LibvirtException e) {
            // Drivers without separate definitions (libvirt's test driver) refuse the flag: there, both are one.
            if (e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_INVALID_ARG) {
                return hosts(network.getXMLDesc(0));
            }
            throw e;
        }
    }

    private static List<DhcpHost> hosts(String networkXml) {
        var out = new ArrayList<DhcpHost>();
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var hosts = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(networkXml)))
                    .getElementsByTagName("host");
            for (int i = 0; i < hosts.getLength(); i++) {
                var host = (Element) hosts.item(i);
                out.add(new DhcpHost(host.getAttribute("mac"), host.getAttribute("name"), host.getAttribute("ip")));
            }
        } catch (Exception e) {
            throw new IllegalStateException("libvirt returned unreadable network XML", e);
        }
        return out;
    }
}
