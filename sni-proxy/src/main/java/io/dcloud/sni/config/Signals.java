package io.dcloud.sni.config;

import sun.misc.Signal;

/** SIGHUP, the traditional "re-read your config" signal; the JDK's only hook for it is sun.misc.Signal. */
final class Signals {

    private Signals() {}

    static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), sig -> action.run());
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this platform (or the JVM reserves it): file polling still reloads.
        }
    }
}
