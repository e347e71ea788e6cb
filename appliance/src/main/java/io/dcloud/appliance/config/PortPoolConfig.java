package io.dcloud.appliance.config;

/**
 * The host ports handed out to rentals, in blocks; the first port of a block forwards to the VM's SSH.
 *
 * @param first lowest port of the pool
 * @param last highest port of the pool (inclusive)
 * @param blockSize ports per rental
 */
public record PortPoolConfig(int first, int last, int blockSize) {

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** How many whole blocks fit in the pool; ports past the last whole block stay unused. */
    public int blocks() {
        return (last - first + 1) / blockSize;
    }
}
