package io.dcloud.appliance.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The appliance's counters and gauges, rendered in the Prometheus text format (0.0.4).
 *
 * <p>In-house rather than Helidon metrics: the modules only need "count this" and "read that now",
 * the data plane must not pull a metrics framework into its hot path, and a scrape stays a plain
 * walk over a map. Gauges are read when scraped, so a module exposes its state without pushing.
 */
public final class MetricsRegistry {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    /** The counter {@code name} without labels; the same name returns the same counter. */
    public Counter counter(String name, String help) {
        return counter(name, help, Map.of());
    }

    /** The counter {@code name} with these labels; by convention counter names end in {@code _total}. */
    public Counter counter(String name, String help, Map<String, String> labels) {
        var series = family(name, help, "counter").series.computeIfAbsent(labelText(labels), k -> new Counter());
        if (!(series instanceof Counter counter)) {
            throw new IllegalArgumentException(name + labelText(labels) + " is already a gauge");
        }
        return counter;
    }

    /** A gauge read at every scrape; registering the same name and labels again replaces the reader. */
    public void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {
        family(name, help, "gauge").series.put(labelText(labels), value);
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        gauge(name, help, Map.of(), value);
    }

    /** Every family, sorted by name, with its HELP and TYPE lines. */
    public String scrape() {
        var out = new StringBuilder();
        families.forEach((name, family) -> {
            out.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(escapeHelp(family.help))
                    .append('\n');
            out.append("# TYPE ").append(name).append(' ').append(family.type).append('\n');
            new TreeMap<>(family.series).forEach((labels, series) -> out.append(name)
                    .append(labels)
                    .append(' ')
                    .append(sample(series))
                    .append('\n'));
        });
        return out.toString();
    }

    private Family family(String name, String help, String type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        var family = families.computeIfAbsent(name, n -> new Family(help, type));
        if (!family.type.equals(type)) {
            throw new IllegalArgumentException(name + " is already a " + family.type);
        }
        return family;
    }

    private static String sample(Object series) {
        if (series instanceof Counter counter) {
            return Long.toString(counter.value());
        }
        double value;
        try {
            value = ((DoubleSupplier) series).getAsDouble();
        } catch (RuntimeException e) {
            // a failing reader must not break the whole scrape; NaN is the format's "no value"
            return "NaN";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String labelText(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(e -> {
                            if (!LABEL.matcher(e.getKey()).matches()
                                    || e.getKey().startsWith("__")) {
                                throw new IllegalArgumentException("not a Prometheus label name: " + e.getKey());
                            }
                            return e.getKey() + "=\"" + escapeLabel(e.getValue()) + "\"";
                        })
                        .collect(Collectors.joining(",", "{", "}"));
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** One metric name: its help, its type and its series by label text. */
    private static final class Family {
        final String help;
        final String type;
        final Map<String, Object> series = new ConcurrentHashMap<>();

        Family(String help, String type) {
            this.help = help;
            this.type = type;
        }
    }
}
