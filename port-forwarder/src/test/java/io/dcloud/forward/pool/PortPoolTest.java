package io.dcloud.forward.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void blocksOfTenFromTheBottomWithSshFirst() {
        PortPool pool = new PortPool(20000, 59999, PortPool.DEFAULT_BLOCK_SIZE);
        PortBlock a = pool.allocate("rental-a");
        PortBlock b = pool.allocate("rental-b");
        assertEquals(20000, a.sshPort());
        assertEquals(20009, a.last());
        assertEquals(20010, b.first());
        assertEquals(10, b.ports().count());
        assertEquals(a, pool.allocate("rental-a"), "allocation is idempotent per rental");
        assertEquals(3998, pool.freeBlocks());
    }

    @Test
    void releasedBlocksAreReusedAndExhaustionIsExplained() {
        PortPool pool = new PortPool(30000, 30019, 10);
        pool.allocate("a");
        pool.allocate("b");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.allocate("c"));
        assertTrue(e.getMessage().contains("30000-30019 is exhausted"), e.getMessage());
        pool.release("a");
        pool.release("a");
        assertEquals(30000, pool.allocate("c").first());
    }

    @Test
    void restoreReRegistersRecordedBlocksAndRefusesConflicts() {
        PortPool pool = new PortPool(20000, 20099, 10);
        pool.restore(new PortBlock("old", 20030, 10));
        pool.restore(new PortBlock("old", 20030, 10));
        assertEquals(20030, pool.allocate("old").first());
        assertThrows(IllegalArgumentException.class, () -> pool.restore(new PortBlock("other", 20030, 10)));
        assertThrows(IllegalArgumentException.class, () -> pool.restore(new PortBlock("odd", 20035, 10)));
        assertEquals(20000, pool.allocate("new").first());
        assertThrows(IllegalArgumentException.class, () -> new PortPool(20000, 20005, 10));
    }
}
