package io.dcloud.sni.route;

import io.dcloud.relay.HostPort;

/**
 * One name (exact or {@code *.suffix}) and where its connections go.
 *
 * @param backend where TLS connections for the name go
 * @param httpBackend where plain-HTTP requests for the name go (a VM serves HTTPS on 443 and HTTP on 80)
 * @param maxConnections concurrent connections allowed on this route, 0 for no limit
 */
public record Route(String name, HostPort backend, HostPort httpBackend, boolean proxyProtocol, int maxConnections) {

    public Route {
        name = RouteName.canonical(name);
        if (backend == null) {
            throw new IllegalArgumentException("route " + name + " has no backend");
        }
        if (httpBackend == null) {
            httpBackend = backend;
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("route " + name + ": maxConnections must be >= 0");
        }
    }

    /** A route whose TLS and HTTP traffic go to the same backend. */
    public Route(String name, HostPort backend, boolean proxyProtocol, int maxConnections) {
        this(name, backend, backend, proxyProtocol, maxConnections);
    }

    /** This route as the HTTP router uses it: the same name, limit and PROXY setting, the HTTP backend. */
    public Route forHttp() {
        return new Route(name, httpBackend, httpBackend, proxyProtocol, maxConnections);
    }

    public static Route of(String name, String backend) {
        return new Route(name, HostPort.parse(backend), false, 0);
    }
}
