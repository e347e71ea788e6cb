package io.dcloud.appliance.api.routes;

/**
 * One entry of the routers' table.
 *
 * @param hostname the name tenants use, e.g. {@code web1.provider.example}
 * @param protocol {@code tls} (routed by SNI on the TLS listener) or {@code http} (by Host header)
 * @param rentalId the rental the route belongs to
 * @param target the VM address and port the connection is relayed to, {@code ip:port}
 */
public record RouteView(String hostname, String protocol, String rentalId, String target) {}
