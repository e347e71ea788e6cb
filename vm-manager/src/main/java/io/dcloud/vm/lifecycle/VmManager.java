package io.dcloud.vm.lifecycle;

import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.DhcpHost;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.InvalidSpecException;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.storage.VmStorage;
import io.dcloud.vm.xml.DomainXml;
import io.dcloud.vm.xml.HostdevXml;
import io.dcloud.vm.xml.MetadataXml;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * Creates, starts, stops, reboots and destroys dcloud VMs, keyed by name. Every operation is idempotent: calling
 * it again after a success, or after a crash half-way, converges to the same end state.
 */
public final class VmManager {
    private static final Duration POLL = Duration.ofMillis(200);
    /** Where dcloud keeps VM disks on a provider host (the libvirt pool "dcloud"). */
    public static final Path DEFAULT_STORAGE = Path.of("/var/lib/dcloud/vms");

    private final Connect connect;
    private final VmStorage storage;
    private final DcloudNetwork network;

    public VmManager(Connect connect, VmStorage storage, DcloudNetwork network) {
        this.connect = connect;
        this.storage = storage;
        this.network = network;
    }

    /** dcloud's defaults on a provider host: pool "dcloud" in {@link #DEFAULT_STORAGE}, the "dcloud" NAT network. */
    public static VmManager withDefaults(Connect connect) {
        return new VmManager(
                connect,
                new VmStorage(connect, "dcloud", DEFAULT_STORAGE),
                new DcloudNetwork(connect, NatNetwork.defaults()));
    }

    /**
     * Defines and starts the VM on a host described by {@code host} (read fresh by the caller, e.g. once per
     * reconciler pass). An existing VM of that name is only started. The host check runs before anything is
     * made, so a spec the host cannot serve leaves nothing behind;
     * if a later step fails, everything already made for this VM is removed again.
     */
    public Vm create(VmSpec spec, HostInventory host) throws LibvirtException, IOException {
        var existing = find(spec.name());
        if (existing.isPresent()) {
            // Already created (its resources are already counted on this host): only make sure it runs.
            start(spec.name());
            return describe(existing.get());
        }
        host.requireServes(spec);
        if (!spec.network().network().equals(network.name())) {
            throw new InvalidSpecException("network: this host attaches VMs to '" + network.name() + "', not '"
                    + spec.network().network() + "'");
        }
        try {
            network.ensure();
            network.addHost(new DhcpHost(
                    spec.network().mac(), spec.name(), spec.network().ip()));
            var files = storage.create(spec);
            Domain domain = connect.domainDefineXML(DomainXml.render(spec, host.domainOptions(), files));
            domain.create();
            return describe(domain);
        } catch (LibvirtException | IOException | RuntimeException e) {
            try {
                destroy(spec.name());
            } catch (LibvirtException | IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Starts a defined VM; a running one is left alone. */
    public void start(String name) throws LibvirtException {
        var domain = require(name);
        if (domain.isActive() != 1) {
            domain.create();
        }
    }

    /** Asks the guest to shut down (ACPI) and pulls the plug when it has not within {@code grace}. */
    public StopOutcome stop(String name, Duration grace) throws LibvirtException {
        var domain = require(name);
        if (domain.isActive() != 1) {
            return StopOutcome.ALREADY_OFF;
        }
        domain.shutdown();
        long deadline = System.nanoTime() + grace.toNanos();
        while (domain.isActive() == 1 && System.nanoTime() < deadline) {
            pause();
        }
        if (domain.isActive() != 1) {
            return StopOutcome.SHUT_DOWN;
        }
        try {
            domain.destroy();
        } catch (LibvirtException e) {
            // The guest went down on its own between the last check and the destroy.
            if (domain.isActive() != 1) {
                return StopOutcome.SHUT_DOWN;
            }
            throw e;
        }
        return StopOutcome.FORCED;
    }

    public void reboot(String name) throws LibvirtException {
        var domain = require(name);
        if (domain.isActive() == 1) {
            domain.reboot(0);
        } else {
            domain.create();
        }
    }

    /**
     * Replaces the route names (host names routed to the VM) in the VM's dcloud metadata, keeping the rest of the
     * record. The running domain and its persistent definition both change, so the routes survive a restart of the
     * VM, of libvirt and of the appliance (which rebuilds its data plane from this metadata). One libvirt call: the
     * record is either the old or the new one, never half of each.
     *
     * @return the VM as libvirt now describes it
     */
    public Vm replaceRoutes(String name, List<String> routes) throws LibvirtException {
        var domain = require(name);
        var record = MetadataXml.read(domain.getXMLDesc(0)).orElseThrow(() -> new NotDcloudVmException(name));
        var old = record.metadata();
        var metadata = new DcloudMetadata(old.rentalId(), old.tenant(), old.portBlock(), routes);
        domain.setMetadata(
                Domain.MetadataType.ELEMENT,
                MetadataXml.forSetMetadata(record.kind(), metadata, record.network()),
                MetadataXml.PREFIX,
                MetadataXml.NAMESPACE,
                impact(domain));
        return describe(domain);
    }

    /**
     * The live domain only exists while it runs, the definition only when persistent, and libvirt refuses LIVE for
     * a stopped domain. A domain that stops between this check and the change makes the call fail; calling again
     * converges.
     */
    private static int impact(Domain domain) throws LibvirtException {
        int flags = 0;
        if (domain.isActive() == 1) {
            flags |= Domain.ModificationImpact.LIVE;
        }
        if (domain.isPersistent() == 1) {
            flags |= Domain.ModificationImpact.CONFIG;
        }
        return flags;
    }

    /** Removes the domain, its overlay, seed, serial log and DHCP entry. Nothing there is fine. */
    public void destroy(String name) throws LibvirtException, IOException {
        var domain = find(name);
        if (domain.isPresent()) {
            if (MetadataXml.read(domain.get().getXMLDesc(0)).isEmpty()) {
                throw new NotDcloudVmException(name);
            }
            if (domain.get().isActive() == 1) {
                domain.get().destroy();
            }
            domain.get().undefine();
        }
        network.removeHost(name);
        storage.delete(name);
    }

    /**
     * Removes files and DHCP entries that belong to no domain: what a crash between preparing a VM and defining it
     * leaves behind. Call it when no create is under way.
     *
     * @return the names whose leftovers were removed
     */
    public List<String> removeOrphans() throws LibvirtException, IOException {
        var candidates = new TreeSet<>(storage.vmNames());
        network.ensure();
        network.hosts().forEach(h -> candidates.add(h.name()));
        var removed = new ArrayList<String>();
        for (String name : candidates) {
            if (find(name).isEmpty()) {
                network.removeHost(name);
                storage.delete(name);
                removed.add(name);
            }
        }
        return removed;
    }

    /**
     * The domains that carry dcloud metadata; other domains on the host are not ours and not listed. A domain that
     * disappears while it is being read (destroyed by someone else meanwhile) is simply not listed.
     */
    public List<Vm> list() throws LibvirtException {
        var out = new ArrayList<Vm>();
        for (Domain domain : connect.listAllDomains(0)) {
            describeIfDcloud(domain).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The host PCI devices (GPUs and their IOMMU group siblings) that dcloud's VMs pass through now, read from
     * their definitions: what a new GPU rental must not be given.
     */
    public Set<PciAddress> passedThrough() throws LibvirtException {
        var out = new HashSet<PciAddress>();
        for (Domain domain : connect.listAllDomains(0)) {
            try {
                String xml = domain.getXMLDesc(0);
                if (MetadataXml.read(xml).isPresent()) {
                    out.addAll(HostdevXml.pciDevices(xml));
                }
            } catch (LibvirtException e) {
                if (!gone(e)) {
                    throw e;
                }
            }
        }
        return out;
    }

    public Optional<Vm> get(String name) throws LibvirtException {
        var domain = find(name);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        var vm = describeIfDcloud(domain.get());
        if (vm.isEmpty() && find(name).isPresent()) {
            throw new NotDcloudVmException(name);
        }
        return vm;
    }

    private Optional<Vm> describeIfDcloud(Domain domain) throws LibvirtException {
        try {
            var record = MetadataXml.read(domain.getXMLDesc(0));
            if (record.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Vm(
                    domain.getName(),
                    VmState.of(domain.getInfo().state),
                    record.get().kind(),
                    record.get().metadata(),
                    record.get().network()));
        } catch (LibvirtException e) {
            if (gone(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Vm describe(Domain domain) throws LibvirtException {
        String name = domain.getName();
        var record = MetadataXml.read(domain.getXMLDesc(0)).orElseThrow(() -> new NotDcloudVmException(name));
        return new Vm(
                domain.getName(),
                VmState.of(domain.getInfo().state),
                record.kind(),
                record.metadata(),
                record.network());
    }

    private Domain require(String name) throws LibvirtException {
        var domain = find(name).orElseThrow(() -> new NoSuchVmException(name));
        if (MetadataXml.read(domain.getXMLDesc(0)).isEmpty()) {
            throw new NotDcloudVmException(name);
        }
        return domain;
    }

    private Optional<Domain> find(String name) throws LibvirtException {
        try {
            return Optional.of(connect.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (gone(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean gone(LibvirtException e) {
        return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a guest to shut down", e);
        }
    }
}
