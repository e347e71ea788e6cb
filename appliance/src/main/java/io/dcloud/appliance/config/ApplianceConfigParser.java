package io.dcloud.appliance.config;

import io.dcloud.attest.agent.AgentRequest;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schema of the config file: which keys exist, their defaults and their rules. Reads through a
 * {@link ConfigReader} so that every problem is collected; the result is only used when there are none.
 */
final class ApplianceConfigParser {

    static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");

    private static final Pattern DNS_NAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DNS_SERVER = Pattern.compile("(?:([0-9.]+)|\\[([0-9A-Fa-f:.]+)\\]):([0-9]{1,5})");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final ConfigReader in;
    private final Map<String, String> env;

    ApplianceConfigParser(ConfigReader in, Map<String, String> env) {
        this.in = in;
        this.env = env;
    }

    ApplianceConfig parse() {
        var stateDir = stateDir();
        var ports = ports();
        var provider = provider();
        return new ApplianceConfig(
                provider,
                listeners(ports),
                ports,
                libvirt(),
                ledger(),
                offers(),
                api(),
                admin(stateDir),
                acme(provider.domain()),
                reconcile(),
                attestation(),
                tenantDomains(),
                stateDir);
    }

    private ProviderConfig provider() {
        var name = in.required("provider.name");
        name.filter(n -> n.length() > 64).ifPresent(n -> in.problem("provider.name", "must be at most 64 characters"));
        var keyFile = in.existingFile("provider.key-file");
        var keyEnv = in.optional("provider.key-env");
        ProviderKey key = null;
        if (keyFile.isPresent() == keyEnv.isPresent()) {
            in.problem("provider", "set exactly one of key-file and key-env");
        } else if (keyFile.isPresent()) {
            key = new ProviderKey.File(keyFile.get());
        } else if (!ENV_NAME.matcher(keyEnv.get()).matches()) {
            in.problem("provider.key-env", "'" + keyEnv.get() + "' is not an environment variable name");
        } else if (env.getOrDefault(keyEnv.get(), "").isBlank()) {
            in.problem("provider.key-env", "environment variable " + keyEnv.get() + " is not set");
        } else {
            key = new ProviderKey.Environment(keyEnv.get());
        }
        var domain = in.required("provider.domain");
        domain.filter(d -> !DNS_NAME.matcher(d).matches())
                .ifPresent(d -> in.problem(
                        "provider.domain", "'" + d + "' is not a lower-case DNS name such as provider.example"));
        var address = in.required("provider.public-address");
        address.filter(a -> !IPV4.matcher(a).matches() && !DNS_NAME.matcher(a).matches() && !a.contains(":"))
                .ifPresent(a ->
                        in.problem("provider.public-address", "'" + a + "' is neither an IP address nor a DNS name"));
        return new ProviderConfig(name.orElse(null), key, domain.orElse(null), address.orElse(null));
    }

    private PortPoolConfig ports() {
        int first = in.port("ports.first", 20000);
        int last = in.port("ports.last", 29999);
        int blockSize = in.integer("ports.block-size", 10, 1, 1000);
        if (first > last) {
            in.problem("ports", "first (" + first + ") must not be above last (" + last + ")");
        } else if (blockSize > last - first + 1) {
            in.problem("ports.block-size", "a block of " + blockSize + " does not fit in " + first + ".." + last);
        }
        return new PortPoolConfig(first, last, blockSize);
    }

    private ListenersConfig listeners(PortPoolConfig pool) {
        var bind = in.optional("listeners.bind-address").orElse("0.0.0.0");
        // 0 asks the OS for a free port: for tests and for trying the appliance out
        int tls = in.integer("listeners.tls", 443, 0, 65535);
        int http = in.integer("listeners.http", 80, 0, 65535);
        int api = in.integer("listeners.api", 9443, 0, 65535);
        var byPort = Map.of("listeners.tls", tls, "listeners.http", http, "listeners.api", api);
        byPort.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (pool.first() <= pool.last() && pool.contains(e.getValue())) {
                in.problem(
                        e.getKey(),
                        "port " + e.getValue() + " lies inside the port pool " + pool.first() + ".." + pool.last());
            }
        });
        if (tls != 0 && tls == http || tls != 0 && tls == api || http != 0 && http == api) {
            in.problem("listeners", "tls, http and api must be three different ports");
        }
        return new ListenersConfig(bind, tls, http, api);
    }

    private LibvirtConfig libvirt() {
        var uri = in.optional("libvirt.uri").orElse("qemu:///system");
        if (!uri.matches("[a-z][a-z0-9+]*://.*")) {
            in.problem("libvirt.uri", "'" + uri + "' is not a libvirt URI such as qemu:///system");
        }
        var network = in.optional("libvirt.network").orElse("dcloud");
        if (!NETWORK_NAME.matcher(network).matches()) {
            in.problem("libvirt.network", "'" + network + "' is not a valid network name");
        }
        var subnetText = in.optional("libvirt.subnet").orElse("10.77.0.0/24");
        var subnet = Ipv4Subnet.parse(subnetText);
        subnet.subnet()
                .ifPresentOrElse(
                        s -> {}, () -> in.problem("libvirt.subnet", "'" + subnetText + "' " + subnet.problem()));
        var imageDir = in.path("libvirt.image-dir").orElse(Path.of("/var/lib/dcloud/vms"));
        var baseImage = in.existingFile("libvirt.base-image");
        if (in.optional("libvirt.base-image").isEmpty()) {
            in.problem("libvirt.base-image", "is required: the image every VM's overlay is built on");
        }
        var kernel = in.existingFile("libvirt.boot.kernel");
        var initrd = in.existingFile("libvirt.boot.initrd");
        var cmdline = in.optional("libvirt.boot.cmdline").orElse("console=ttyS0");
        Optional<LibvirtConfig.DirectBootFiles> boot = Optional.empty();
        if (kernel.isPresent() != initrd.isPresent()) {
            in.problem("libvirt.boot", "set both kernel and initrd for direct kernel boot, or neither");
        } else if (kernel.isPresent()) {
            boot = Optional.of(new LibvirtConfig.DirectBootFiles(kernel.get(), initrd.get(), cmdline));
        }
        var user = in.optional("libvirt.login-user").orElse("dcloud");
        if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            in.problem("libvirt.login-user", "'" + user + "' is not a Linux user name");
        }
        return new LibvirtConfig(
                uri, network, subnet.subnet().orElse(null), imageDir, baseImage.orElse(null), boot, user);
    }

    private LedgerConfig ledger() {
        boolean local = in.bool("ledger.local", false);
        var rpc = in.uri("ledger.rpc-url", Set.of("http", "https", "ws", "wss"));
        var deployment = in.existingFile("ledger.deployment-file");
        boolean remoteKeysSet = in.optional("ledger.rpc-url").isPresent()
                || in.optional("ledger.deployment-file").isPresent();
        if (local) {
            if (remoteKeysSet) {
                in.problem("ledger", "local: true starts a local chain; remove rpc-url and deployment-file");
            }
            return new LedgerConfig.Local(in.integer("ledger.local-port", 8545, 1, 65535));
        }
        if (!remoteKeysSet) {
            in.problem("ledger", "set rpc-url and deployment-file, or local: true");
            return null;
        }
        if (in.optional("ledger.rpc-url").isEmpty()) {
            in.problem("ledger.rpc-url", "is required unless local: true");
        }
        if (in.optional("ledger.deployment-file").isEmpty()) {
            in.problem("ledger.deployment-file", "is required unless local: true");
        }
        int confirmations = in.integer("ledger.confirmations", 3, 0, 256);
        return new LedgerConfig.Remote(rpc.orElse(null), deployment.orElse(null), confirmations);
    }

    private OffersConfig offers() {
        var region = in.optional("offers.region").orElse("unspecified");
        var prices = new EnumMap<OfferKind, BigDecimal>(OfferKind.class);
        for (var kind : in.childKeys("offers.price-per-hour")) {
            var key = "offers.price-per-hour." + kind;
            OfferKind.byId(kind)
                    .ifPresentOrElse(
                            k -> in.positiveDecimal(key).ifPresent(price -> prices.put(k, price)),
                            () -> in.problem(
                                    key, "unknown kind '" + kind + "'; kinds are standard, sev-snp, tdx, gpu"));
        }
        if (prices.isEmpty() && in.problems().stream().noneMatch(p -> p.key().startsWith("offers.price-per-hour"))) {
            in.problem("offers.price-per-hour", "set a price for at least one kind, e.g. standard: 0.05");
        }
        int min = in.integer("offers.min-hours", 1, 1, 87_600);
        int max = in.integer("offers.max-hours", 720, 1, 87_600);
        if (min > max) {
            in.problem("offers", "min-hours (" + min + ") must not be above max-hours (" + max + ")");
        }
        int vcpus = in.integer("offers.vcpus", 1, 1, 256);
        int ram = in.integer("offers.ram-mib", 1024, 128, 4 * 1024 * 1024);
        int disk = in.integer("offers.disk-gib", 10, 1, 64 * 1024);
        return new OffersConfig(region, prices, min, max, vcpus, ram, disk);
    }

    private ApiConfig api() {
        var cert = in.existingFile("api.tls.cert-file");
        var key = in.existingFile("api.tls.key-file");
        if (cert.isPresent() != key.isPresent()) {
            in.problem("api.tls", "set both cert-file and key-file, or neither for a self-signed certificate");
            return new ApiConfig(Optional.empty());
        }
        return new ApiConfig(cert.map(c -> new ApiConfig.TlsFiles(c, key.get())));
    }

    private AdminConfig admin(Path stateDir) {
        var hashes = in.path("admin.token-hashes-file")
                .orElseGet(() -> stateDir == null ? null : stateDir.resolve("admin-tokens"));
        var clientCa = in.existingFile("admin.client-ca-file");
        return new AdminConfig(hashes, clientCa);
    }

    private AcmeConfig acme(String providerDomain) {
        boolean enabled = in.bool("acme.enabled", false);
        var directory = in.uri("acme.directory-url", Set.of("https", "http")).orElse(LETS_ENCRYPT);
        var email = in.optional("acme.email");
        email.filter(e -> !EMAIL.matcher(e).matches())
                .ifPresent(e -> in.problem("acme.email", "'" + e + "' is not an email address"));
        if (enabled && email.isEmpty()) {
            in.problem("acme.email", "is required when acme.enabled is true");
        }
        var domain = in.optional("acme.domain");
        domain.filter(d -> !DNS_NAME.matcher(d).matches())
                .ifPresent(d -> in.problem("acme.domain", "'" + d + "' is not a lower-case DNS name"));
        var trust = in.existingFile("acme.trust-file");
        return new AcmeConfig(enabled, directory, email, domain.orElse(providerDomain), trust);
    }

    private AttestationConfig attestation() {
        int port = in.integer("attestation.agent-port", AgentRequest.DEFAULT_PORT, 1, 65_535);
        int timeout = in.integer("attestation.timeout-seconds", 10, 1, 120);
        return new AttestationConfig(port, Duration.ofSeconds(timeout));
    }

    private ReconcileConfig reconcile() {
        int ready = in.integer("reconcile.ready-timeout-seconds", 600, 10, 86_400);
        int grace = in.integer("reconcile.teardown-grace-seconds", 30, 0, 86_400);
        return new ReconcileConfig(Duration.ofSeconds(ready), Duration.ofSeconds(grace));
    }

    private TenantDomainsConfig tenantDomains() {
        var text = in.optional("tenant-domains.dns-server");
        if (text.isEmpty()) {
            return new TenantDomainsConfig(Optional.empty());
        }
        var server = dnsServer(text.get());
        if (server.isEmpty()) {
            in.problem(
                    "tenant-domains.dns-server",
                    "'" + text.get() + "' is not an IP address and port such as 127.0.0.1:53 or [::1]:53");
        }
        return new TenantDomainsConfig(server);
    }

    /** {@code IPv4:port} or {@code [IPv6]:port}; an address, not a name, since resolving it would need DNS. */
    private static Optional<InetSocketAddress> dnsServer(String text) {
        var matcher = DNS_SERVER.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        var host = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        int port = Integer.parseInt(matcher.group(3));
        boolean literal = matcher.group(1) != null ? IPV4.matcher(host).matches() : host.contains(":");
        if (port < 1 || port > 65535 || !literal) {
            return Optional.empty();
        }
        try {
            // an IPv4 or IPv6 literal (checked above), which getByName parses without asking DNS
            return Optional.of(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private Path stateDir() {
        var dir = in.path("state-dir");
        if (dir.isEmpty()) {
            in.problem("state-dir", "is required");
        }
        dir.filter(d -> Files.exists(d) && !Files.isDirectory(d))
                .ifPresent(d -> in.problem("state-dir", d + " exists and is not a directory"));
        return dir.orElse(null);
    }
}
