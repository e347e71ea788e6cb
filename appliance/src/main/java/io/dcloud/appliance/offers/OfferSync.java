package io.dcloud.appliance.offers;

import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.OfferListing;
import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.spec.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/**
 * Makes this provider's offers on the ledger match the {@link OfferPlan}: publishes a missing kind, updates terms
 * that drifted (stock after a VM came or went, a new price), removes a kind the host no longer offers. Reads the
 * ledger afresh each time; the ledger is the truth for what is published.
 */
public final class OfferSync {
    private static final Logger LOG = Logger.getLogger(OfferSync.class.getName());

    private final Marketplace market;
    private final String provider;
    private final OffersConfig offers;
    private final Callable<HostInventory> inventory;
    private final Callable<Set<PciAddress>> passedThrough;

    /**
     * @param passedThrough the host PCI devices the VMs hold now (libvirt's view), for the GPU offer's stock
     */
    public OfferSync(
            Marketplace market,
            String provider,
            OffersConfig offers,
            Callable<HostInventory> inventory,
            Callable<Set<PciAddress>> passedThrough) {
        this.market = market;
        this.provider = provider;
        this.offers = offers;
        this.inventory = inventory;
        this.passedThrough = passedThrough;
    }

    /** Returns one line per change made, empty when the ledger already matched. */
    public List<String> sync(int rentalsServed) throws Exception {
        Map<OfferKind, OfferTerms> wanted =
                OfferPlan.plan(offers, inventory.call(), rentalsServed, passedThrough.call());
        List<String> done = new ArrayList<>();
        for (OfferListing listing : published()) {
            OfferKind kind = OfferKind.valueOf(listing.terms().kind().name());
            OfferTerms terms = wanted.remove(kind);
            if (terms == null) {
                market.removeOffer(listing.id());
                done.add("removed offer " + listing.id() + " (" + kind.id() + " no longer offered)");
            } else if (!terms.equals(listing.terms())) {
                market.updateOffer(listing.id(), terms);
                done.add("updated offer " + listing.id() + " (" + kind.id() + ", stock " + terms.stock() + ")");
            }
        }
        for (var entry : wanted.entrySet()) {
            var created = market.publishOffer(entry.getValue());
            done.add("published offer " + created.id() + " (" + entry.getKey().id() + ", stock "
                    + entry.getValue().stock() + ")");
        }
        done.forEach(LOG::info);
        return done;
    }

    /** This provider's offers as the ledger holds them now (removed ones left out). */
    public List<OfferListing> published() throws Exception {
        return market.listings().stream()
                .filter(l -> l.provider().equalsIgnoreCase(provider) && !l.removed())
                .toList();
    }
}
