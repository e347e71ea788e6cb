package io.dcloud.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CaughtSignalsTest {

    @Test
    void theJvmCatchesSigtermForItsShutdownHooks() {
        assertEquals(
                Optional.of(true), CaughtSignals.catches(ProcessHandle.current().pid(), CaughtSignals.SIGTERM));
    }

    @Test
    void sleepCatchesNoSigterm() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertEquals(Optional.of(false), CaughtSignals.catches(sleep.pid(), CaughtSignals.SIGTERM));
        } finally {
            sleep.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatIsGoneCannotTell() throws Exception {
        Process done = new ProcessBuilder("true").start();
        assertEquals(0, done.waitFor());
        assertEquals(Optional.empty(), CaughtSignals.catches(done.pid(), CaughtSignals.SIGTERM));
    }
}
