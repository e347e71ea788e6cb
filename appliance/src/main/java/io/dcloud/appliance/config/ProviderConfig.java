package io.dcloud.appliance.config;

/**
 * The provider this host belongs to.
 *
 * @param name the provider's display name on the ledger
 * @param key where its signing key lives
 * @param domain tenant routes are {@code <label>.<domain>}
 * @param publicAddress the host's public IP address or DNS name, given to tenants with their ports
 */
public record ProviderConfig(String name, ProviderKey key, String domain, String publicAddress) {}
