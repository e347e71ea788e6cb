package io.dcloud.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The appliance samples buffers for leaks sparsely unless told otherwise on the command line. */
class LeakSamplingTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(LeakSampling.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(LeakSampling.PROPERTY);
        } else {
            System.setProperty(LeakSampling.PROPERTY, before);
        }
    }

    @Test
    void withoutASettingTheApplianceSamplesOneBufferIn4096() {
        System.clearProperty(LeakSampling.PROPERTY);
        LeakSampling.useApplianceDefault();
        assertEquals("4096", System.getProperty("io.netty.leakDetection.samplingInterval"));
    }

    @Test
    void aSettingGivenOnTheCommandLineWins() {
        System.setProperty(LeakSampling.PROPERTY, "1");
        LeakSampling.useApplianceDefault();
        assertEquals("1", System.getProperty(LeakSampling.PROPERTY));
    }
}
