package io.dcloud.appliance.api;

import io.dcloud.appliance.api.attestation.RentalEvidence;
import io.dcloud.appliance.api.health.ReadinessCheck;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.offers.OfferView;
import io.dcloud.appliance.api.ports.PortMappingView;
import io.dcloud.appliance.api.rentals.RentalActions;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.routes.RouteView;
import io.dcloud.appliance.domains.CustomDomains;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the API shows and does, supplied by the wiring: each supplier is asked at every request, so
 * it should answer from the owning module's current in-memory state.
 */
public record ApiResources(
        Supplier<HostView> host,
        Supplier<List<OfferView>> offers,
        Supplier<List<RentalView>> rentals,
        RentalActions rentalActions,
        RentalCreation rentalCreation,
        RentalEvidence evidence,
        Supplier<List<RouteView>> routes,
        Supplier<List<PortMappingView>> ports,
        List<ReadinessCheck> readiness,
        Optional<CustomDomains> domains) {

    public ApiResources {
        readiness = List.copyOf(readiness);
    }
}
