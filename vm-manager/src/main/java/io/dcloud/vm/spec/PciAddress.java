package io.dcloud.vm.spec;

import java.util.regex.Pattern;

/** A host PCI address such as {@code 0000:41:00.0} (domain:bus:slot.function). */
public record PciAddress(int domain, int bus, int slot, int function) {
    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    public PciAddress {
        if (domain < 0
                || domain > 0xffff
                || bus < 0
                || bus > 0xff
                || slot < 0
                || slot > 0x1f
                || function < 0
                || function > 7) {
            throw new InvalidSpecException(
                    "PCI address out of range: " + domain + ":" + bus + ":" + slot + "." + function);
        }
    }

    public static PciAddress parse(String text) {
        var m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new InvalidSpecException("gpus: '" + text + "' is not a PCI address like 0000:41:00.0");
        }
        return new PciAddress(
                Integer.parseInt(m.group(1), 16),
                Integer.parseInt(m.group(2), 16),
                Integer.parseInt(m.group(3), 16),
                Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
    }
}
