package io.dcloud.sni.route;

import io.dcloud.relay.HostPort;

/**
 * One name (exact or {@code *.suffix}) and where its connections go.
 *
 * @param maxConnections concurrent connections allowed on this route, 0 for no limit
 */
public record Route(String name, HostPort backend, boolean proxyProtocol, int maxConnections) {

    public Route {
        name = RouteName.canonical(name);
        if (backend == null) {
            throw new IllegalArgumentException("route " + name + " has no backend");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("route " + name + ": maxConnections must be >= 0");
        }
    }

    public static Route of(String name, String backend) {
        return new Route(name, HostPort.parse(backend), false, 0);
    }
}
