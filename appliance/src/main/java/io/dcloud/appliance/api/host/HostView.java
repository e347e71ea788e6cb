package io.dcloud.appliance.api.host;

import java.util.List;

/**
 * What this host is and what it can run.
 *
 * @param provider the provider's name
 * @param domain the provider domain tenant routes live under
 * @param publicAddress where tenants connect
 * @param cpuThreads logical CPUs of the host
 * @param memoryMib physical memory of the host
 * @param capabilities the VM kinds this host can run ({@code standard}, {@code sev-snp}, ...)
 */
public record HostView(
        String provider,
        String domain,
        String publicAddress,
        int cpuThreads,
        long memoryMib,
        List<String> capabilities) {}
