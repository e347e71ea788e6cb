package io.dcloud.cli.demo;

import io.dcloud.vm.daemon.NamespacedLibvirt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's own network namespace with a libvirtd inside it (vm-manager's {@link NamespacedLibvirt}): the NAT
 * bridge, the guests' addresses and everything that talks to them stay out of the host's namespace. Whatever an
 * interrupted earlier demo left running is stopped first.
 */
final class DemoNamespace implements AutoCloseable {
    static final String NAME = "dcloud-demo";

    private final NamespacedLibvirt daemons;
    private boolean closed;

    private DemoNamespace(NamespacedLibvirt daemons) {
        this.daemons = daemons;
    }

    static DemoNamespace create() throws IOException {
        return new DemoNamespace(NamespacedLibvirt.start(NAME));
    }

    /** The command that runs {@code command} inside the namespace. */
    static List<String> inside(List<String> command) {
        var full = new ArrayList<>(List.of("ip", "netns", "exec", NAME));
        full.addAll(command);
        return full;
    }

    /**
     * Once only. The normal end and a Ctrl-C hook may both get here; the second waits for the first, because the
     * JVM halts as soon as the hook returns.
     */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            daemons.close();
        }
    }

    /** For the Ctrl-C hook, which has nobody to report to but the terminal. */
    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            System.err.println("dcloud demo: could not remove namespace " + NAME + ": " + e.getMessage());
        }
    }
}
