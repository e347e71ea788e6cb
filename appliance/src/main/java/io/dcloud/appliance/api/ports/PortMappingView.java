package io.dcloud.appliance.api.ports;

/**
 * One forwarded host port.
 *
 * @param hostPort the public port on this host
 * @param protocol {@code tcp} or {@code udp}
 * @param rentalId the rental the port's block belongs to
 * @param target the VM address and port it forwards to, {@code ip:port}
 */
public record PortMappingView(int hostPort, String protocol, String rentalId, String target) {}
