package io.dcloud.vm.spec;

import java.util.regex.Pattern;

/**
 * Where the VM's one NIC plugs in: a libvirt network, a fixed MAC and the fixed IPv4 address its static DHCP
 * entry hands out, so the address is known before the guest boots.
 */
public record NetworkAttachment(String network, String mac, String ip) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,49}");
    // 52:54:00 is QEMU's locally administered prefix: no clash with real hardware on the bridge.
    private static final Pattern MAC = Pattern.compile("52:54:00(:[0-9a-f]{2}){3}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    public NetworkAttachment {
        if (network == null || !NAME.matcher(network).matches()) {
            throw new InvalidSpecException("network: '" + network + "' is not a libvirt network name");
        }
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new InvalidSpecException("mac: '" + mac + "' must be lower-case 52:54:00:xx:xx:xx");
        }
        if (ip == null || !IPV4.matcher(ip).matches()) {
            throw new InvalidSpecException("ip: '" + ip + "' is not a dotted IPv4 address");
        }
    }
}
