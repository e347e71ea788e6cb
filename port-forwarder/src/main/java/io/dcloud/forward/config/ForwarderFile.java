package io.dcloud.forward.config;

import io.dcloud.forward.ForwarderConfig;
import io.dcloud.forward.Mapping;
import io.dcloud.forward.Protocol;
import io.dcloud.relay.HostPort;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.config.ConfigException;
import io.dcloud.sni.config.ConfigNode;
import io.dcloud.sni.config.RouterFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The standalone forwarder's YAML file ({@code dcloud forward run --config FILE}); see the module README. */
public record ForwarderFile(ForwarderConfig config, List<Mapping> mappings) {

    public static ForwarderFile read(Path file) throws ConfigException {
        ConfigNode root = ConfigNode.read(file).onlyKeys("timeouts", "limits", "threads", "mappings");
        ForwarderConfig config = ForwarderConfig.defaults();
        RelayConfig relay = config.relay();
        ConfigNode timeouts = root.child("timeouts");
        if (timeouts != null) {
            timeouts.onlyKeys("connect", "idle", "udpIdle");
            relay = new RelayConfig(
                    timeouts.duration("connect", relay.connectTimeout()),
                    timeouts.duration("idle", relay.idleTimeout()),
                    relay.maxConnections(),
                    relay.maxConnectionsPerIp());
            config = config.withUdpIdleTimeout(timeouts.duration("udpIdle", config.udpIdleTimeout()));
        }
        ConfigNode limits = root.child("limits");
        if (limits != null) {
            limits.onlyKeys("connections", "perIp");
            int max = limits.integer("connections", relay.maxConnections());
            int perIp = limits.integer("perIp", relay.maxConnectionsPerIp());
            if (max < 1 || perIp < 1) {
                throw root.error("limits", "connections and perIp must be at least 1");
            }
            relay = relay.withLimits(max, perIp);
        }
        int threads = root.integer("threads", config.threads());
        if (threads < 1) {
            throw root.error("threads", "must be at least 1");
        }
        return new ForwarderFile(config.withRelay(relay).withThreads(threads), mappings(root));
    }

    private static List<Mapping> mappings(ConfigNode root) throws ConfigException {
        List<Mapping> mappings = new ArrayList<>();
        Set<String> listens = new HashSet<>();
        for (ConfigNode m : root.list("mappings")) {
            m.onlyKeys("listen", "backend", "protocol", "proxyProtocol");
            HostPort listen = RouterFile.address(m, "listen", m.requiredText("listen"));
            HostPort backend = RouterFile.address(m, "backend", m.requiredText("backend"));
            String protocolText = m.text("protocol", "tcp");
            Protocol protocol;
            try {
                protocol = Protocol.valueOf(protocolText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw m.error("protocol", "expected tcp or udp, got '" + protocolText + "'");
            }
            if (!listens.add(protocol + " " + listen)) {
                throw m.error("listen", protocolText + " " + listen + " is listed twice");
            }
            try {
                mappings.add(new Mapping(listen, backend, protocol, m.bool("proxyProtocol", false)));
            } catch (IllegalArgumentException e) {
                throw m.error("proxyProtocol", e.getMessage());
            }
        }
        return List.copyOf(mappings);
    }
}
