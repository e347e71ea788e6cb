package io.dcloud.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilNodeIT {
    @TempDir
    Path dir;

    /**
     * anvil prints "Listening on" before it catches SIGTERM; stopped in between it used to die without writing its
     * state (4 of 40 stops on a loaded machine). Ten stops right after start must each leave the state file.
     */
    @Test
    void aNodeStoppedRightAfterItStartsHasWrittenItsState() throws Exception {
        for (int i = 0; i < 10; i++) {
            Path state = dir.resolve("state-" + i + ".json");
            AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.of(state))
                    .close();
            assertTrue(Files.exists(state) && Files.size(state) > 0, "stop " + i + " lost the state file");
        }
    }
}
