package io.dcloud.appliance.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Tenants' own domains, proven by a DNS TXT record.
 *
 * @param dnsServer the DNS server that TXT look-ups ask (IP and port); empty: the host's resolvers
 */
public record TenantDomainsConfig(Optional<InetSocketAddress> dnsServer) {}
