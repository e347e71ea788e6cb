package io.dcloud.relay;

/**
 * How often Netty checks a buffer for leaks in a running appliance. Netty's default follows one buffer in 128 and
 * records a stack trace for each; on new TLS connections through the router that was 4% of its user time. One in
 * 4096 still reports a leak that repeats, which is the kind that matters in a long-running relay, at a thirtieth of
 * the cost. Tests keep Netty's default.
 */
public final class LeakSampling {
    static final String PROPERTY = "io.netty.leakDetection.samplingInterval";
    static final String APPLIANCE_INTERVAL = "4096";

    private LeakSampling() {}

    /**
     * Sets the appliance's sampling interval unless one was given on the command line. Netty reads it once, when its
     * leak detector class loads: call this before anything touches Netty.
     */
    public static void useApplianceDefault() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, APPLIANCE_INTERVAL);
        }
    }
}
