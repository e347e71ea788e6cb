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

    @Override
    public void close() throws IOException {
        daemons.close();
    }
}
