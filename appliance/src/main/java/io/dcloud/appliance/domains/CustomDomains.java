package io.dcloud.appliance.domains;

import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.appliance.domains.DomainRefusal.Reason;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.libvirt.LibvirtException;

/**
 * Tenants' own domains on their rentals. A domain is attached by adding it to the routes in the VM's libvirt
 * metadata, the same list the rental's label route is in, and applying the data plane: no other state, so a
 * restarted appliance routes it again, and it goes with the VM when the rental ends.
 *
 * <p>Attaching needs the proof ({@link DomainChallenge}) in DNS. The look-up runs outside the lock, so a slow DNS
 * server holds up no one else; the checks that depend on other rentals run again under it, just before the
 * metadata is written, so two rentals can never both get a name. A reconciler pass that read libvirt just before a
 * change may apply its older view just after it; its next pass (seconds later) reads the change again.
 */
public final class CustomDomains {

    private final VmManager vms;
    private final DataPlane dataPlane;
    private final TxtResolver dns;
    private final DomainPolicy policy;
    private final String providerAddress;

    public CustomDomains(
            VmManager vms, DataPlane dataPlane, TxtResolver dns, DomainPolicy policy, String providerAddress) {
        this.vms = vms;
        this.dataPlane = dataPlane;
        this.dns = dns;
        this.policy = policy;
        this.providerAddress = providerAddress;
    }

    /** The record to create and whether the domain is attached to the rental; changes nothing. */
    public DomainState show(String rentalId, String tenant, DomainName domain) throws LibvirtException {
        var challenge = allowed(rentalId, tenant, domain);
        boolean attached = vmOf(vms.list(), rentalId)
                .map(vm -> vm.metadata().routes().contains(domain.ascii()))
                .orElse(false);
        return new DomainState(domain, rentalId, challenge, attached);
    }

    /**
     * Routes the domain to the rental's VM once its TXT record holds the proof. Attaching an attached domain
     * changes nothing and asks DNS nothing.
     *
     * @throws DomainRefusal naming why not
     */
    public DomainState attach(String rentalId, String tenant, DomainName domain) throws LibvirtException {
        var challenge = allowed(rentalId, tenant, domain);
        var before = vms.list();
        if (requireFree(before, rentalId, domain)) {
            return new DomainState(domain, rentalId, challenge, true);
        }
        requireProof(challenge, rentalId);
        synchronized (this) {
            var now = vms.list();
            if (!requireFree(now, rentalId, domain)) {
                var vm = vmOf(now, rentalId).orElseThrow();
                var routes = new ArrayList<>(vm.metadata().routes());
                routes.add(domain.ascii());
                vms.replaceRoutes(vm.name(), routes);
                // at once, rather than on the reconciler's next pass
                dataPlane.apply(vms.list());
            }
        }
        return new DomainState(domain, rentalId, challenge, true);
    }

    /** Stops routing the domain to the rental's VM; a domain that is not attached is fine. */
    public DomainState detach(String rentalId, String tenant, DomainName domain) throws LibvirtException {
        var challenge = allowed(rentalId, tenant, domain);
        synchronized (this) {
            var vm = vmOf(vms.list(), rentalId);
            if (vm.isPresent() && vm.get().metadata().routes().contains(domain.ascii())) {
                var routes = new ArrayList<>(vm.get().metadata().routes());
                routes.remove(domain.ascii());
                vms.replaceRoutes(vm.get().name(), routes);
                dataPlane.apply(vms.list());
            }
        }
        return new DomainState(domain, rentalId, challenge, false);
    }

    private DomainChallenge allowed(String rentalId, String tenant, DomainName domain) {
        policy.refusal(domain).ifPresent(reason -> {
            throw new DomainRefusal(Reason.NOT_ALLOWED, reason);
        });
        return DomainChallenge.of(providerAddress, rentalId, tenant, domain);
    }

    /**
     * Checks that the rental has a VM that can take the domain.
     *
     * @return true when the domain is attached to the rental already
     */
    private boolean requireFree(List<Vm> all, String rentalId, DomainName domain) {
        var vm = vmOf(all, rentalId)
                .orElseThrow(() -> new DomainRefusal(
                        Reason.NO_VM,
                        "rental " + rentalId + " has no VM on this host (not provisioned yet, or over); attach "
                                + "the domain once it runs"));
        var routes = vm.metadata().routes();
        if (routes.contains(domain.ascii())) {
            return true;
        }
        var holder = all.stream()
                .filter(other -> other.metadata().routes().contains(domain.ascii()))
                .findFirst();
        if (holder.isPresent()) {
            throw new DomainRefusal(
                    Reason.TAKEN,
                    domain + " is attached to another rental on this host; it must be detached there first");
        }
        long custom = routes.stream().filter(policy::isCustom).count();
        if (custom >= DomainPolicy.MAX_PER_RENTAL) {
            throw new DomainRefusal(
                    Reason.LIMIT,
                    "rental " + rentalId + " has " + custom + " domains attached, the most a rental may have ("
                            + DomainPolicy.MAX_PER_RENTAL + "); detach one first");
        }
        return false;
    }

    private void requireProof(DomainChallenge challenge, String rentalId) {
        var create = "create the DNS record " + challenge.name() + " TXT \"" + challenge.value() + "\"";
        String found =
                switch (dns.lookup(challenge.name())) {
                    case TxtAnswer.Records records when records.values().contains(challenge.value()) -> null;
                    case TxtAnswer.Records records ->
                        "found only other values: "
                                + records.values().stream()
                                        .map(v -> "\"" + v + "\"")
                                        .collect(Collectors.joining(", "));
                    case TxtAnswer.NoRecords none -> "found: the name exists but has no TXT record";
                    case TxtAnswer.NoSuchName none -> "found: no such name (NXDOMAIN)";
                    case TxtAnswer.Failed failed ->
                        throw new DomainRefusal(
                                failed.failure() == TxtAnswer.Failure.TIMEOUT ? Reason.DNS_TIMEOUT : Reason.DNS_FAILURE,
                                "cannot check the proof " + challenge.name() + " now: " + failed.detail()
                                        + "; try again later");
                };
        if (found != null) {
            throw new DomainRefusal(
                    Reason.PROOF_MISSING,
                    "no proof for rental " + rentalId + " in DNS: " + create + " (" + found + " at " + dns.server()
                            + "), then attach again; new records can take a while to be seen");
        }
    }

    private static Optional<Vm> vmOf(List<Vm> all, String rentalId) {
        return all.stream()
                .filter(vm -> vm.metadata().rentalId().equals(rentalId))
                .findFirst();
    }
}
