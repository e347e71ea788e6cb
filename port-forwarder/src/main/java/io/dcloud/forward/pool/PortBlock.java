package io.dcloud.forward.pool;

import java.util.stream.IntStream;

/** A run of host ports given to one rental; the first one forwards to the VM's SSH port. */
public record PortBlock(String rentalId, int first, int size) {

    public int sshPort() {
        return first;
    }

    public int last() {
        return first + size - 1;
    }

    public IntStream ports() {
        return IntStream.rangeClosed(first, last());
    }

    public boolean contains(int port) {
        return port >= first && port <= last();
    }
}
