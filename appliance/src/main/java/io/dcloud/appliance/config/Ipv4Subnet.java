package io.dcloud.appliance.config;

import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 network in CIDR notation, such as {@code 10.77.0.0/24}. */
public record Ipv4Subnet(int address, int prefixLength) {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** The subnet {@code text} names, or why it is not one. */
    public static Result parse(String text) {
        var m = CIDR.matcher(text);
        if (!m.matches()) {
            return new Result(Optional.empty(), "must be an IPv4 subnet in CIDR notation, e.g. 10.77.0.0/24");
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return new Result(Optional.empty(), "octet " + octet + " is out of range");
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < 8 || prefix > 29) {
            return new Result(Optional.empty(), "prefix length must be between 8 and 29, got " + prefix);
        }
        var subnet = new Ipv4Subnet(address, prefix);
        if ((address & ~subnet.mask()) != 0) {
            return new Result(
                    Optional.empty(),
                    "has host bits set; did you mean " + new Ipv4Subnet(address & subnet.mask(), prefix) + "?");
        }
        if (!subnet.isPrivate()) {
            return new Result(
                    Optional.empty(), "must be a private (RFC 1918) range: VMs live on a private NAT network");
        }
        return new Result(Optional.of(subnet), "");
    }

    public int mask() {
        return (int) (0xFFFFFFFFL << (32 - prefixLength));
    }

    private boolean isPrivate() {
        return within(0x0A000000, 8) || within(0xAC100000, 12) || within(0xC0A80000, 16);
    }

    private boolean within(int network, int bits) {
        int mask = (int) (0xFFFFFFFFL << (32 - bits));
        return prefixLength >= bits && (address & mask) == network;
    }

    @Override
    public String toString() {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF) + "/" + prefixLength;
    }

    /** A parsed subnet, or the reason the text is not one. */
    public record Result(Optional<Ipv4Subnet> subnet, String problem) {}
}
