package io.dcloud.forward.pool;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out host ports in equal blocks, one per rental, lowest free block first. Allocation is
 * idempotent per rental, and {@link #restore} re-registers blocks found in libvirt metadata after a
 * restart, so the pool itself never needs to be persisted.
 */
public final class PortPool {
    public static final int DEFAULT_BLOCK_SIZE = 10;

    private final int first;
    private final int last;
    private final int blockSize;
    /** Block start port -> block. */
    private final TreeMap<Integer, PortBlock> used = new TreeMap<>();

    private final Map<String, PortBlock> byRental = new HashMap<>();

    public PortPool(int first, int last, int blockSize) {
        if (first < 1 || last > 65535 || last < first || blockSize < 1 || last - first + 1 < blockSize) {
            throw new IllegalArgumentException(
                    "port pool " + first + "-" + last + " cannot hold blocks of " + blockSize);
        }
        this.first = first;
        this.last = last;
        this.blockSize = blockSize;
    }

    /** The rental's block: the one it already has, or the lowest free one. */
    public synchronized PortBlock allocate(String rentalId) {
        PortBlock existing = byRental.get(rentalId);
        if (existing != null) {
            return existing;
        }
        for (int start = first; start + blockSize - 1 <= last; start += blockSize) {
            if (!used.containsKey(start)) {
                return take(new PortBlock(rentalId, start, blockSize));
            }
        }
        throw new IllegalStateException("port pool " + first + "-" + last + " is exhausted: " + used.size()
                + " blocks of " + blockSize + " in use");
    }

    /** Re-registers a block recorded elsewhere; refuses one that does not fit or overlaps another rental's. */
    public synchronized void restore(PortBlock block) {
        if (block.size() != blockSize
                || (block.first() - first) % blockSize != 0
                || block.first() < first
                || block.last() > last) {
            throw new IllegalArgumentException("block " + block + " does not fit pool " + first + "-" + last);
        }
        PortBlock holder = used.get(block.first());
        if (holder != null && !holder.rentalId().equals(block.rentalId())) {
            throw new IllegalArgumentException(
                    "ports " + block.first() + "-" + block.last() + " already belong to " + holder.rentalId());
        }
        if (holder == null) {
            take(block);
        }
    }

    /** Frees the rental's block; unknown rentals are ignored (idempotent). */
    public synchronized void release(String rentalId) {
        PortBlock block = byRental.remove(rentalId);
        if (block != null) {
            used.remove(block.first());
        }
    }

    public synchronized int freeBlocks() {
        return (last - first + 1) / blockSize - used.size();
    }

    private PortBlock take(PortBlock block) {
        used.put(block.first(), block);
        byRental.put(block.rentalId(), block);
        return block;
    }
}
