package io.dcloud.sni;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.http.AcmeChallenges;
import java.time.Duration;

/**
 * Everything a router needs at start; routes come separately and change at runtime.
 *
 * @param tls the TLS listener address, or null for none
 * @param http the plain-HTTP listener address, or null for none
 * @param handshakeTimeout how long a client may take to send its whole ClientHello or request head
 * @param defaultBackend where hellos without SNI or with an unknown name go; null: alert and close
 * @param acme answers /.well-known/acme-challenge/ for the appliance's own names; null: none
 * @param threads event loop threads (one per core is plenty)
 */
public record RouterConfig(
        HostPort tls,
        HostPort http,
        Duration handshakeTimeout,
        RelayConfig relay,
        HostPort defaultBackend,
        AcmeChallenges acme,
        int threads) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public RouterConfig {
        if (tls == null && http == null) {
            throw new IllegalArgumentException("a router needs a TLS or an HTTP listener");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Defaults: 10 s handshake timeout, {@link RelayConfig#DEFAULTS}, no default backend, one thread per core. */
    public static RouterConfig of(HostPort tls, HostPort http) {
        return new RouterConfig(
                tls,
                http,
                DEFAULT_HANDSHAKE_TIMEOUT,
                RelayConfig.DEFAULTS,
                null,
                null,
                Runtime.getRuntime().availableProcessors());
    }

    public RouterConfig withHandshakeTimeout(Duration timeout) {
        return new RouterConfig(tls, http, timeout, relay, defaultBackend, acme, threads);
    }

    public RouterConfig withRelay(RelayConfig next) {
        return new RouterConfig(tls, http, handshakeTimeout, next, defaultBackend, acme, threads);
    }

    public RouterConfig withDefaultBackend(HostPort backend) {
        return new RouterConfig(tls, http, handshakeTimeout, relay, backend, acme, threads);
    }

    public RouterConfig withAcme(AcmeChallenges hook) {
        return new RouterConfig(tls, http, handshakeTimeout, relay, defaultBackend, hook, threads);
    }
}
