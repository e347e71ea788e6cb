package io.dcloud.relay;

/**
 * Where one client connection goes.
 *
 * @param key the route name or mapping key its bytes are counted under
 * @param authority sent in the PROXY v2 header when {@code proxyProtocol}; may be null
 */
public record Target(String key, HostPort backend, boolean proxyProtocol, String authority) {}
