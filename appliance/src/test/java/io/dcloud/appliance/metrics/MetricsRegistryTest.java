package io.dcloud.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    @Test
    void rendersTheTextFormatSortedWithHelpAndType() {
        var registry = new MetricsRegistry();
        registry.counter("dcloud_relay_bytes_total", "Bytes relayed.", Map.of("direction", "in"))
                .add(10);
        registry.counter("dcloud_relay_bytes_total", "Bytes relayed.", Map.of("direction", "out"))
                .add(3);
        registry.gauge("dcloud_vms", "VMs running.", () -> 2);
        registry.gauge("dcloud_ledger_lag_seconds", "Ledger lag.", () -> 1.5);
        assertEquals("""
                # HELP dcloud_ledger_lag_seconds Ledger lag.
                # TYPE dcloud_ledger_lag_seconds gauge
                dcloud_ledger_lag_seconds 1.5
                # HELP dcloud_relay_bytes_total Bytes relayed.
                # TYPE dcloud_relay_bytes_total counter
                dcloud_relay_bytes_total{direction="in"} 10
                dcloud_relay_bytes_total{direction="out"} 3
                # HELP dcloud_vms VMs running.
                # TYPE dcloud_vms gauge
                dcloud_vms 2
                """, registry.scrape());
    }

    @Test
    void sameNameAndLabelsIsTheSameCounter() {
        var registry = new MetricsRegistry();
        assertSame(registry.counter("a_total", "A."), registry.counter("a_total", "A."));
    }

    @Test
    void labelValuesAreEscapedAndFailingGaugesReadNaN() {
        var registry = new MetricsRegistry();
        registry.counter("c_total", "C.", Map.of("path", "a\"b\\c\nd")).increment();
        registry.gauge("g", "G.", () -> {
            throw new IllegalStateException("down");
        });
        var text = registry.scrape();
        assertEquals(true, text.contains("c_total{path=\"a\\\"b\\\\c\\nd\"} 1\n"), text);
        assertEquals(true, text.contains("g NaN\n"), text);
    }

    @Test
    void misuseIsRefused() {
        var registry = new MetricsRegistry();
        registry.counter("x_total", "X.");
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("x_total", "X.", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("bad-name", "B."));
        assertThrows(
                IllegalArgumentException.class, () -> registry.counter("ok_total", "O.", Map.of("bad-label", "v")));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_total", "X.")
                .add(-1));
    }
}
