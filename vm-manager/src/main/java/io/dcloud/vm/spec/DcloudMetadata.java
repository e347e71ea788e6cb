package io.dcloud.vm.spec;

import java.util.List;
import java.util.Optional;

/**
 * What the appliance records in the libvirt domain so that libvirt stays the truth for what runs here: the
 * rental, its tenant, its host ports and its routes (host names).
 */
public record DcloudMetadata(String rentalId, String tenant, Optional<PortBlock> portBlock, List<String> routes) {
    public DcloudMetadata {
        portBlock = portBlock == null ? Optional.empty() : portBlock;
        routes = List.copyOf(routes == null ? List.of() : routes);
        if (rentalId == null || rentalId.isBlank()) {
            throw new InvalidSpecException(
                    "rentalId: every dcloud VM belongs to a rental (use 'admin-...' for admin VMs)");
        }
        if (tenant == null) {
            tenant = "";
        }
        for (String route : routes) {
            if (!route.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
                throw new InvalidSpecException("routes: '" + route + "' is not a lower-case DNS name");
            }
        }
    }
}
