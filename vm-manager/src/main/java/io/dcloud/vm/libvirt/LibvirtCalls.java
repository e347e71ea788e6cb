package io.dcloud.vm.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.jna.ConnectionPointer;

/**
 * The libvirt calls that libvirt-java 0.5.4 does not bind (domain capabilities, network updates), called through
 * JNA on the connection libvirt-java already opened.
 */
public final class LibvirtCalls {
    /** virNetworkUpdateCommand / virNetworkUpdateSection / virNetworkUpdateFlags values from libvirt-network.h. */
    public static final int UPDATE_DELETE = 2;

    public static final int UPDATE_ADD_LAST = 3;
    private static final int SECTION_IP_DHCP_HOST = 4;
    /** virNetworkUpdateFlags: the running network, or its persistent definition. */
    public static final int AFFECT_LIVE = 1;

    public static final int AFFECT_CONFIG = 2;

    private interface NativeLibvirt extends Library {
        NativeLibvirt LIB = Native.load("virt", NativeLibvirt.class);

        Pointer virConnectGetDomainCapabilities(
                ConnectionPointer conn, String emulator, String arch, String machine, String virttype, int flags);

        Pointer virNetworkLookupByName(ConnectionPointer conn, String name);

        int virNetworkUpdate(Pointer network, int command, int section, int parentIndex, String xml, int flags);

        int virNetworkFree(Pointer network);

        Pointer virGetLastErrorMessage();
    }

    private LibvirtCalls() {}

    /** {@code virConnectGetDomainCapabilities} for x86_64 q35 with the given hypervisor ({@code kvm} or {@code qemu}). */
    public static String domainCapabilities(Connect connect, String virtType) {
        Pointer xml =
                NativeLibvirt.LIB.virConnectGetDomainCapabilities(pointer(connect), null, "x86_64", "q35", virtType, 0);
        if (xml == null) {
            throw failure("domain capabilities (" + virtType + ")");
        }
        try {
            return xml.getString(0, "UTF-8");
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }

    /** {@code virNetworkUpdate} on the DHCP host section of the running network or its definition ({@code scope}). */
    public static void updateDhcpHost(Connect connect, String network, int command, int scope, String hostXml) {
        Pointer net = NativeLibvirt.LIB.virNetworkLookupByName(pointer(connect), network);
        if (net == null) {
            throw failure("network " + network);
        }
        try {
            if (NativeLibvirt.LIB.virNetworkUpdate(net, command, SECTION_IP_DHCP_HOST, -1, hostXml, scope) < 0) {
                throw failure("DHCP host update on " + network);
            }
        } finally {
            NativeLibvirt.LIB.virNetworkFree(net);
        }
    }

    private static LibvirtCallException failure(String what) {
        Pointer message = NativeLibvirt.LIB.virGetLastErrorMessage();
        return new LibvirtCallException(
                what + ": " + (message == null ? "unknown libvirt error" : message.getString(0)));
    }

    // libvirt-java keeps the native connection in a protected field and offers no accessor.
    private static ConnectionPointer pointer(Connect connect) {
        try {
            var field = Connect.class.getDeclaredField("vcp");
            field.setAccessible(true);
            return (ConnectionPointer) field.get(connect);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("libvirt-java changed: no Connect.vcp field", e);
        }
    }
}
