package io.dcloud.appliance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceConfigLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("provider.key"), "0x00");
        Files.writeString(dir.resolve("deployment.json"), "{}");
        Files.writeString(dir.resolve("base.qcow2"), "");
    }

    /** A small valid file; relative paths resolve against its directory. */
    private static final String GOOD = """
            provider:
              name: acme-hosting
              key-file: provider.key
              domain: provider.example
              public-address: 203.0.113.10
            ledger:
              rpc-url: http://127.0.0.1:8545
              deployment-file: deployment.json
            libvirt:
              base-image: base.qcow2
            offers:
              price-per-hour:
                standard: 0.05
            state-dir: state
            """;

    @Test
    void goodFileLoadsWithDefaults() throws Exception {
        var config = load(GOOD, Map.of());
        assertEquals("acme-hosting", config.provider().name());
        assertEquals(
                new ProviderKey.File(dir.resolve("provider.key")),
                config.provider().key());
        assertEquals(new ListenersConfig("0.0.0.0", 443, 80, 9443), config.listeners());
        assertEquals(new PortPoolConfig(20000, 29999, 10), config.ports());
        assertEquals(1000, config.ports().blocks());
        assertEquals("10.77.0.0/24", config.libvirt().subnet().toString());
        assertEquals(
                new LedgerConfig.Remote(URI.create("http://127.0.0.1:8545"), dir.resolve("deployment.json"), 3),
                config.ledger());
        assertEquals(
                Map.of(OfferKind.STANDARD, new BigDecimal("0.05")),
                config.offers().pricePerHour());
        assertEquals(dir.resolve("state"), config.stateDir());
        assertEquals(dir.resolve("state/admin-tokens"), config.admin().tokenHashesFile());
        assertTrue(config.api().tls().isEmpty());
        assertEquals(false, config.acme().enabled());
        assertTrue(config.tenantDomains().dnsServer().isEmpty(), "the system resolver");
    }

    @Test
    void tenantDomainsAskTheConfiguredDnsServer() throws Exception {
        assertEquals(
                Optional.of(new InetSocketAddress("127.0.0.1", 8053)),
                load(GOOD + "tenant-domains:\n  dns-server: 127.0.0.1:8053\n", Map.of())
                        .tenantDomains()
                        .dnsServer());
        assertEquals(
                Optional.of(new InetSocketAddress("::1", 53)),
                load(GOOD + "tenant-domains:\n  dns-server: \"[::1]:53\"\n", Map.of())
                        .tenantDomains()
                        .dnsServer());
        for (String bad : List.of("ns1.example:53", "127.0.0.1", "300.1.1.1:53", "127.0.0.1:0", "[abc]:53")) {
            assertEquals(
                    Set.of("tenant-domains.dns-server: '" + bad
                            + "' is not an IP address and port such as 127.0.0.1:53 or [::1]:53"),
                    problems(GOOD + "tenant-domains:\n  dns-server: \"" + bad + "\"\n", Map.of()),
                    bad);
        }
    }

    @Test
    void shippedExampleLoadsOnceItsFilesExist() throws Exception {
        String example;
        try (InputStream in = getClass().getResourceAsStream("/io/dcloud/appliance/config/appliance.example.yaml")) {
            example = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // the example names /etc and /var paths: point the ones that must exist at this test's files
        var env = Map.of(
                "DCLOUD_CONFIG_PROVIDER_KEY_dash_FILE", "provider.key",
                "DCLOUD_CONFIG_LEDGER_DEPLOYMENT_dash_FILE", "deployment.json",
                "DCLOUD_CONFIG_STATE_dash_DIR", "state",
                "DCLOUD_CONFIG_LIBVIRT_BASE_dash_IMAGE", "base.qcow2");
        var config = load(example, env);
        assertEquals("provider.example", config.provider().domain());
        assertEquals(2, config.offers().pricePerHour().size());
        assertEquals(dir.resolve("state"), config.stateDir());
    }

    @Test
    void environmentOverridesTheFile() throws Exception {
        var env = Map.of(
                "DCLOUD_CONFIG_LISTENERS_API", "9444",
                "DCLOUD_CONFIG_PORTS_BLOCK_dash_SIZE", "20",
                "DCLOUD_CONFIG_OFFERS_PRICE_dash_PER_dash_HOUR_TDX", "0.3",
                "DCLOUD_ROOT", "/ignored/without/the/config/prefix",
                "PATH", "/usr/bin");
        var config = load(GOOD, env);
        assertEquals(9444, config.listeners().api());
        assertEquals(20, config.ports().blockSize());
        assertEquals(new BigDecimal("0.3"), config.offers().pricePerHour().get(OfferKind.TDX));
    }

    @Test
    void keyFromAnEnvironmentVariableMustBeSet() throws Exception {
        var yaml = GOOD.replace("key-file: provider.key", "key-env: PROVIDER_KEY");
        assertEquals(
                new ProviderKey.Environment("PROVIDER_KEY"),
                load(yaml, Map.of("PROVIDER_KEY", "0xabc")).provider().key());
        assertEquals(
                Set.of("provider.key-env: environment variable PROVIDER_KEY is not set"), problems(yaml, Map.of()));
    }

    @Test
    void everyBadFieldIsReportedAtOnceWithItsKey() {
        var yaml = """
                provider:
                  name: acme
                  key-file: missing.key
                  domain: Not_A_Domain
                  public-address: "bad address"
                listeners:
                  tls: 70000
                  http: 25000
                  api: api
                ports:
                  first: 20000
                  last: 29999
                  block-size: 0
                libvirt:
                  uri: not a uri
                  network: "bad name!"
                  subnet: 10.77.0.1/24
                  base-image: base.qcow2
                  boot:
                    kernel: base.qcow2
                  login-user: Root
                ledger:
                  rpc-url: ftp://node
                  deployment-file: deployment.json
                offers:
                  price-per-hour:
                    standard: -1
                    quantum: 2
                  min-hours: 10
                  max-hours: 5
                api:
                  tls:
                    cert-file: api.crt
                admin:
                  client-ca-file: missing-ca.pem
                acme:
                  enabled: maybe
                  email: not-an-email
                state-dir: deployment.json
                listners:
                  api: 1
                """;
        var keys = problems(yaml, Map.of("DCLOUD_CONFIG_LISTENERS_APY", "1")).stream()
                .map(p -> p.substring(0, p.indexOf(':')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                new TreeSet<>(List.of(
                        "provider.key-file",
                        "provider.domain",
                        "provider.public-address",
                        "listeners.tls",
                        "listeners.http",
                        "listeners.api",
                        "ports.block-size",
                        "libvirt.uri",
                        "libvirt.network",
                        "libvirt.subnet",
                        "libvirt.boot",
                        "libvirt.login-user",
                        "ledger.rpc-url",
                        "offers.price-per-hour.standard",
                        "offers.price-per-hour.quantum",
                        "offers",
                        "api.tls.cert-file",
                        "api.tls",
                        "admin.client-ca-file",
                        "acme.enabled",
                        "acme.email",
                        "state-dir",
                        "listners.api",
                        "listeners.apy")),
                keys);
    }

    @Test
    void requiredKeysAreNamed() {
        var problems = problems("libvirt:\n  uri: qemu:///system\n", Map.of());
        assertTrue(
                problems.containsAll(List.of(
                        "provider.name: is required",
                        "provider.domain: is required",
                        "provider.public-address: is required",
                        "provider: set exactly one of key-file and key-env",
                        "libvirt.base-image: is required: the image every VM's overlay is built on",
                        "ledger: set rpc-url and deployment-file, or local: true",
                        "offers.price-per-hour: set a price for at least one kind, e.g. standard: 0.05",
                        "state-dir: is required")),
                problems.toString());
    }

    @Test
    void localLedgerExcludesARemoteNode() throws Exception {
        var local = GOOD.replace(
                "  rpc-url: http://127.0.0.1:8545\n  deployment-file: deployment.json\n", "  local: true\n");
        assertInstanceOf(LedgerConfig.Local.class, load(local, Map.of()).ledger());
        var both = GOOD.replace("ledger:\n", "ledger:\n  local: true\n");
        assertTrue(problems(both, Map.of())
                .contains("ledger: local: true starts a local chain; remove rpc-url and deployment-file"));
    }

    @Test
    void listenersInsideThePortPoolAreRefused() {
        var yaml = GOOD + "listeners:\n  api: 20005\n";
        assertEquals(
                Set.of("listeners.api: port 20005 lies inside the port pool 20000..29999"), problems(yaml, Map.of()));
    }

    @Test
    void unreadableFilesAreOneProblemNamingTheFile() throws IOException {
        var missing = assertThrows(
                InvalidConfigException.class, () -> ApplianceConfigLoader.load(dir.resolve("nope.yaml"), Map.of()));
        assertEquals(1, missing.problems().size());
        var broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "provider: [unclosed\n");
        var e = assertThrows(InvalidConfigException.class, () -> ApplianceConfigLoader.load(broken, Map.of()));
        assertEquals(broken.toString(), e.problems().getFirst().key());
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    private ApplianceConfig load(String yaml, Map<String, String> env) throws Exception {
        var file = dir.resolve("appliance.yaml");
        Files.writeString(file, yaml);
        return ApplianceConfigLoader.load(file, env);
    }

    private Set<String> problems(String yaml, Map<String, String> env) {
        var e = assertThrows(InvalidConfigException.class, () -> load(yaml, env));
        return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toSet());
    }
}
