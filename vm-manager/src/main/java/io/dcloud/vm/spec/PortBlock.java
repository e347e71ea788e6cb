package io.dcloud.vm.spec;

/** A block of host ports forwarded to the VM; the first one goes to the VM's SSH port. */
public record PortBlock(int first, int count) {
    public PortBlock {
        if (first < 1 || count < 1 || first + count - 1 > 65535) {
            throw new InvalidSpecException("portBlock: " + first + "+" + count + " is not inside 1..65535");
        }
    }
}
