package io.dcloud.sni.route;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of routes. A lookup costs at most two hash probes whatever the table size:
 * the exact name, then the wildcard covering its first label. Exact routes win over wildcards.
 */
public final class RouteTable {
    public static final RouteTable EMPTY = new RouteTable(Map.of());

    /** Keyed by canonical name; wildcards keyed as {@code *.suffix}. */
    private final Map<String, Route> routes;

    private RouteTable(Map<String, Route> routes) {
        this.routes = routes;
    }

    /** Builds a table; a name given twice is an error naming it. */
    public static RouteTable of(Collection<Route> routes) {
        Map<String, Route> map = new HashMap<>(routes.size() * 2);
        for (Route route : routes) {
            if (map.putIfAbsent(route.name(), route) != null) {
                throw new IllegalArgumentException("route " + route.name() + " is listed twice");
            }
        }
        return new RouteTable(Map.copyOf(map));
    }

    /** The route for a host name as sent by a client (any case, optional trailing dot), or null. */
    public Route lookup(String host) {
        String key = RouteName.lookupKey(host);
        if (key == null) {
            return null;
        }
        Route exact = routes.get(key);
        if (exact != null) {
            return exact;
        }
        int dot = key.indexOf('.');
        return dot < 0 ? null : routes.get("*" + key.substring(dot));
    }

    public Route get(String name) {
        return routes.get(RouteName.canonical(name));
    }

    public List<Route> routes() {
        return List.copyOf(routes.values());
    }

    public int size() {
        return routes.size();
    }

    public RouteTable with(Route route) {
        Map<String, Route> map = new HashMap<>(routes);
        map.put(route.name(), route);
        return new RouteTable(Map.copyOf(map));
    }

    public RouteTable without(String name) {
        Map<String, Route> map = new HashMap<>(routes);
        map.remove(RouteName.canonical(name));
        return new RouteTable(Map.copyOf(map));
    }
}
