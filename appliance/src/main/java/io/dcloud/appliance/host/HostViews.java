package io.dcloud.appliance.host;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.offers.OfferView;
import io.dcloud.appliance.api.ports.PortMappingView;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.routes.RouteView;
import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.dataplane.DataPlaneTables;
import io.dcloud.appliance.local.LocalRental;
import io.dcloud.appliance.local.LocalRentals;
import io.dcloud.ledger.market.OfferListing;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.spec.VmKind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.libvirt.LibvirtException;

/**
 * What the management API shows of the rental host, read from libvirt at each request (libvirt metadata is the
 * truth for what runs here) and, for local rentals, from their records.
 */
public final class HostViews {
    /** DCT base units per token (the ledger's token has 9 decimals). */
    private static final int DCT_DECIMALS = 9;

    private final RentalHost host;
    private final String domain;
    private final Clock clock;

    public HostViews(RentalHost host, String domain, Clock clock) {
        this.host = host;
        this.domain = domain;
        this.clock = clock;
    }

    /** Every rental with a VM, and the local rentals without one (not made yet, failed, or over). */
    public List<RentalView> rentals() {
        var now = clock.instant();
        var local = new LinkedHashMap<String, LocalRental>();
        host.localRentals().store().all().forEach(r -> local.put(r.id(), r));
        List<RentalView> out = new ArrayList<>();
        for (Vm vm : vms()) {
            var record = local.remove(vm.metadata().rentalId());
            out.add(record == null ? vmView(vm) : localView(record, Optional.of(vm), domain, now));
        }
        local.values().forEach(r -> out.add(localView(r, Optional.empty(), domain, now)));
        return out;
    }

    private RentalView vmView(Vm vm) {
        return new RentalView(
                vm.metadata().rentalId(),
                label(vm),
                vm.kind().label(),
                vm.state().name().toLowerCase(Locale.ROOT),
                vm.metadata().tenant(),
                vm.metadata().routes().stream().findFirst().orElse(null),
                vm.metadata().portBlock().map(b -> b.first()).orElse(null),
                null,
                host.localRentals().owns(vm.metadata().rentalId()),
                null);
    }

    /** A local rental: its recorded state, and where it is reachable once its VM exists. */
    static RentalView localView(LocalRental rental, Optional<Vm> vm, String domain, Instant now) {
        return new RentalView(
                rental.id(),
                rental.label(),
                vm.map(v -> v.kind().label()).orElse(VmKind.STANDARD.label()),
                rental.stateAt(now),
                LocalRentals.TENANT,
                rental.label() + "." + domain,
                vm.flatMap(v -> v.metadata().portBlock()).map(b -> b.first()).orElse(null),
                rental.endsAt().map(Instant::toString).orElse(null),
                true,
                rental.reason());
    }

    /**
     * The offers as tenants see them on the ledger (read at each request: the ledger is their truth), so an admin
     * sees whether the stock the appliance last published arrived.
     */
    public List<OfferView> offers() {
        List<OfferListing> listings;
        try {
            listings = host.publishedOffers();
        } catch (Exception e) {
            throw new ProblemException(
                    Problem.unavailable("the ledger cannot be read now, so neither can the offers: " + e.getMessage()));
        }
        return listings.stream()
                .map(l -> new OfferView(
                        l.id().toString(),
                        OfferKind.valueOf(l.terms().kind().name()).id(),
                        l.terms().vcpu(),
                        Math.toIntExact(l.terms().ramMiB()),
                        Math.toIntExact(l.terms().diskGiB()),
                        new BigDecimal(l.terms().pricePerHour(), DCT_DECIMALS)
                                .stripTrailingZeros()
                                .toPlainString(),
                        l.paused() ? 0 : l.terms().stock()))
                .toList();
    }

    public List<RouteView> routes() {
        List<RouteView> out = new ArrayList<>();
        for (Vm vm : vms()) {
            for (String name : vm.metadata().routes()) {
                out.add(new RouteView(
                        name, "tls", vm.metadata().rentalId(), vm.network().ip() + ":443"));
            }
        }
        return out;
    }

    public List<PortMappingView> ports() {
        List<Vm> vms = vms();
        var tables = DataPlaneTables.of(vms, "0.0.0.0");
        return tables.mappings().stream()
                .map(m -> new PortMappingView(
                        m.listen().port(),
                        m.protocol().name().toLowerCase(Locale.ROOT),
                        owner(vms, m.listen().port()),
                        m.backend().toString()))
                .toList();
    }

    /** The VMs libvirt holds now. */
    public List<Vm> vms() {
        try {
            return host.vms().list();
        } catch (LibvirtException e) {
            throw new IllegalStateException("libvirt: " + e.getMessage(), e);
        }
    }

    private String label(Vm vm) {
        return vm.metadata().routes().stream()
                .findFirst()
                .map(r -> r.endsWith("." + domain) ? r.substring(0, r.length() - domain.length() - 1) : r)
                .orElse(null);
    }

    private static String owner(List<Vm> vms, int port) {
        return vms.stream()
                .filter(vm -> vm.metadata()
                        .portBlock()
                        .map(b -> port >= b.first() && port < b.first() + b.count())
                        .orElse(false))
                .map(vm -> vm.metadata().rentalId())
                .findFirst()
                .orElse(null);
    }
}
