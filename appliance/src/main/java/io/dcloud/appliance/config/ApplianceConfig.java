package io.dcloud.appliance.config;

import java.nio.file.Path;

/** The whole appliance configuration, validated: every field is usable as it is. */
public record ApplianceConfig(
        ProviderConfig provider,
        ListenersConfig listeners,
        PortPoolConfig ports,
        LibvirtConfig libvirt,
        LedgerConfig ledger,
        OffersConfig offers,
        ApiConfig api,
        AdminConfig admin,
        AcmeConfig acme,
        ReconcileConfig reconcile,
        AttestationConfig attestation,
        TenantDomainsConfig tenantDomains,
        Path stateDir) {}
