package io.dcloud.appliance.reconcile;

import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.DirectBoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How this host turns a rental into a VM and tells the tenant where it is.
 *
 * @param providerDomain rentals are reachable as {@code <label>.<providerDomain>}
 * @param publicHost the host name or address tenants connect to (access details)
 * @param loginUser the user the tenant's key logs in as
 * @param baseImage the image every VM's overlay is built on
 * @param boot direct kernel boot for images without a boot loader (the test guest)
 * @param readyTimeout how long a new VM may take to answer on SSH before the rental is rejected
 * @param teardownGrace how long a VM outlives its rental before it is destroyed
 */
public record ProvisionSettings(
        String providerDomain,
        String publicHost,
        String loginUser,
        Path baseImage,
        Optional<DirectBoot> boot,
        NatNetwork network,
        int portFirst,
        int portLast,
        int portBlockSize,
        Duration readyTimeout,
        Duration teardownGrace) {

    public String routeName(String label) {
        return label + "." + providerDomain;
    }
}
