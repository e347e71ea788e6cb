package io.dcloud.sni.config;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** SIGHUP, the traditional "re-read your config" signal; the JDK's only hook for it is sun.misc.Signal. */
final class Signals {

    private Signals() {}

    /**
     * Runs the action on every SIGHUP from now on. Returns false when that cannot be: the platform has no SIGHUP,
     * or the process was started with SIGHUP ignored (as {@code nohup} does), which the JVM keeps as it is.
     */
    static boolean onHangup(Runnable action) {
        try {
            SignalHandler before = Signal.handle(new Signal("HUP"), sig -> action.run());
            return before != SignalHandler.SIG_IGN;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
