package io.dcloud.cli.demo;

import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.ProviderProfile;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.ledger.tx.LedgerSession;
import io.dcloud.vm.guest.TestGuest;
import io.dcloud.vm.libvirt.Connections;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.NatNetwork;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * What every demo story stands on, inside the demo's network namespace (or, on libvirt's test driver, in this
 * process): the test guest, a local chain with the
 * contracts, a registered provider with one offer, a tenant with an SSH key, and the checks a tenant would make.
 * Whatever it starts is stopped again by {@link #close()}, also after Ctrl-C.
 */
final class DemoWorld implements AutoCloseable {
    static final String DOMAIN = "provider.example";
    static final String PROVIDER_KEY_ENV = "DCLOUD_DEMO_PROVIDER_KEY";
    static final BigInteger DCT = BigInteger.TEN.pow(9);
    static final Duration BOOT_DEADLINE = Duration.ofMinutes(6);

    final Progress progress;
    final Path work;
    TestGuest.Build guest;
    AnvilNode anvil;
    Deployment deployment;
    final Credentials providerKey = Credentials.create(AnvilNode.DEV_KEYS.get(1));
    final Credentials tenantKey = Credentials.create(AnvilNode.DEV_KEYS.get(2));
    BigInteger offer;
    final Path sshKey;
    /** libvirt's in-process test driver instead of libvirtd + QEMU: VMs are defined and "run", nothing boots. */
    final boolean testDriver;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "dcloud-demo-cleanup");
    private volatile boolean keepWork;

    DemoWorld(Progress progress, Path work, boolean testDriver) {
        this.progress = progress;
        this.work = work;
        this.sshKey = work.resolve("tenant_ed25519");
        this.testDriver = testDriver;
        // Ctrl-C ends the JVM without unwinding the story's thread: the hook cleans up then.
        Runtime.getRuntime().addShutdownHook(hook);
        // first in, so last out: after anvil and the appliance, which write into it, have stopped
        cleanup.add(this::removeWorkUnlessKept);
        if (!testDriver) {
            // the test driver's domains live in this process's memory and go with it
            cleanup.add(DemoWorld::removeLibvirtLeftovers);
        }
    }

    /** Builds the world; what it started so far is stopped by {@link #close()} if a step fails. */
    void start() throws Exception {
        if (!testDriver) {
            progress.step("test guest: building it if missing (a Debian kernel + busybox initramfs, once per machine)");
            guest = TestGuest.ensureBuilt();
        }

        progress.step("local chain: starting anvil and deploying the contracts");
        anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.of(work.resolve("anvil-state.json")));
        cleanup.add(() -> anvil.close());
        try (var deployer = session(Credentials.create(AnvilNode.DEV_KEYS.get(0)))) {
            deployment = new Deployer(deployer)
                    .deployForTests(
                            anvil.rpcUrl(),
                            Credentials.create(AnvilNode.DEV_KEYS.get(3)).getAddress(),
                            List.of(providerKey.getAddress(), tenantKey.getAddress()),
                            DCT.multiply(BigInteger.valueOf(1_000)));
        }
        progress.detail("marketplace " + deployment.market() + " on chain " + deployment.chainId());
        // The provider's own transactions use short sessions of their own, closed before the appliance sends with
        // the same key: each session counts nonces from the chain when it opens.
        try (var session = session(providerKey)) {
            new Marketplace(session, deployment)
                    .registerProvider(new ProviderProfile(
                            "Demo Hosting",
                            "Demo Hosting Ltd",
                            "ops@" + DOMAIN,
                            "EU",
                            "https://" + DOMAIN,
                            DOMAIN,
                            new byte[0]));
        }
        progress.step("provider " + providerKey.getAddress() + " registered (name, domain " + DOMAIN + ")");
        Commands.require(
                Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshKey.toString());
    }

    /**
     * Leaves the work directory (config, logs, chain state) in place at {@link #close()}, for a look at what went
     * wrong; a demo that ran through, or that Ctrl-C ended, leaves nothing in it behind.
     */
    void keepWorkForInspection() {
        keepWork = true;
    }

    private void removeWorkUnlessKept() throws IOException {
        if (keepWork) {
            progress.detail("its files stay in " + work + " for a look (remove it when done)");
            return;
        }
        try (var paths = Files.walk(work)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    void onClose(AutoCloseable action) {
        cleanup.add(action);
    }

    LedgerSession session(Credentials key) {
        return LedgerSession.connect(anvil.rpcUrl(), key, Duration.ofSeconds(60));
    }

    /** The appliance's config file (as a provider writes it) and the environment that holds its key. */
    Path writeConfig(Path stateDir) throws Exception {
        Path deploymentFile = work.resolve("deployment.json");
        deployment.write(deploymentFile);
        if (testDriver) {
            Path baseImage = work.resolve("base.img");
            Files.writeString(baseImage, "never read: nothing boots on libvirt's test driver");
            return DemoConfig.writeForTestDriver(work, baseImage, anvil.rpcUrl(), deploymentFile, stateDir);
        }
        return DemoConfig.write(work, guest, anvil.rpcUrl(), deploymentFile, stateDir);
    }

    Map<String, String> applianceEnv() {
        return Map.of(
                PROVIDER_KEY_ENV,
                Numeric.toHexStringNoPrefixZeroPadded(providerKey.getEcKeyPair().getPrivateKey(), 64));
    }

    /** Waits (bounded) until the appliance has published an offer with stock, as a tenant's search would see it. */
    BigInteger awaitOffer(Marketplace tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            var listing = tenant.listings().stream()
                    .filter(l -> l.provider().equalsIgnoreCase(providerKey.getAddress()) && l.available())
                    .findFirst();
            if (listing.isPresent()) {
                offer = listing.get().id();
                var t = listing.get().terms();
                progress.step("the appliance published offer " + offer + " from the host inventory: " + t.kind()
                        + ", " + t.vcpu() + " vCPU, " + t.ramMiB() + " MiB, " + t.diskGiB() + " GiB, "
                        + dct(t.pricePerHour()) + " DCT/hour, stock " + t.stock());
                return offer;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the appliance published no offer within a minute");
            }
            Thread.sleep(500);
        }
    }

    /** The tenant rents the offer for 2 hours under {@code label}. */
    BigInteger rent(Marketplace tenant, String label) throws Exception {
        var rental = tenant.rent(offer, 2, Files.readString(Path.of(sshKey + ".pub")), label)
                .id();
        progress.step("tenant " + tenantKey.getAddress() + " rented offer " + offer + " for 2 hours as '" + label
                + "': rental " + rental + " is Requested, 2 DCT in escrow");
        return rental;
    }

    /** Waits (bounded) for the appliance to move the rental to {@code wanted}; {@code vmSeen} reports progress. */
    void awaitState(Marketplace tenant, BigInteger rental, RentalState wanted, Supplier<Boolean> vmSeen)
            throws Exception {
        long deadline = System.nanoTime() + BOOT_DEADLINE.toNanos();
        boolean reported = false;
        while (true) {
            RentalState state = tenant.rental(rental).state();
            if (state == wanted) {
                return;
            }
            if (!state.needsVm()) {
                throw new IllegalStateException("rental " + rental + " ended up " + state + ", not " + wanted);
            }
            if (!reported && vmSeen.get()) {
                reported = true;
                progress.step("the reconciler created the VM of rental " + rental + "; the guest is booting");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rental " + rental + " still " + state + " after " + BOOT_DEADLINE);
            }
            Thread.sleep(1000);
        }
    }

    /** Logs in through the port-forwarder with the tenant's key; the guest answers with its host name. */
    void checkSsh(int port, String label) throws Exception {
        var result = ssh(port, "hostname");
        if (!result.ok() || !result.output().strip().equals(label)) {
            throw new IllegalStateException("ssh through the port-forwarder failed: " + result.output());
        }
        progress.step("checked: ssh -p " + port + " root@127.0.0.1 logs in with the tenant's key; the VM says "
                + "hostname '" + result.output().strip() + "'");
    }

    /** Runs {@code command} in the VM behind host port {@code port}, logged in with the tenant's key. */
    Commands.Result ssh(int port, String command) throws Exception {
        return Commands.run(
                Duration.ofSeconds(60),
                "ssh",
                "-i",
                sshKey.toString(),
                "-p",
                Integer.toString(port),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "ConnectTimeout=20",
                "-o",
                "LogLevel=ERROR",
                "root@127.0.0.1",
                command);
    }

    /** HTTPS by name through the SNI router: the certificate seen is the guest's own. */
    void checkHttps(String label) throws Exception {
        String host = label + "." + DOMAIN;
        var result = Commands.run(
                Duration.ofSeconds(60),
                "curl",
                "-sv",
                "-k",
                "-o",
                "/dev/null",
                "--max-time",
                "30",
                "--resolve",
                host + ":443:127.0.0.1",
                "https://" + host + "/");
        String subject = result.output()
                .lines()
                .filter(l -> l.contains("subject:"))
                .findFirst()
                .orElse("")
                .strip();
        if (!result.ok() || !subject.contains("CN=" + label)) {
            throw new IllegalStateException("HTTPS through the SNI router failed: " + result.output());
        }
        progress.step("checked: https://" + host + "/ through the SNI router reaches the VM's own TLS server ("
                + subject.replaceFirst("^\\*\\s*", "") + "); the provider never held its key");
    }

    static String dct(BigInteger baseUnits) {
        return new BigDecimal(baseUnits, 9).stripTrailingZeros().toPlainString();
    }

    @Override
    public synchronized void close() {
        if (cleanup.isEmpty()) {
            return;
        }
        progress.step("cleaning up");
        for (AutoCloseable c : cleanup.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                progress.detail("cleanup: " + e.getMessage());
            }
        }
        cleanup.clear();
        if (Thread.currentThread() != hook) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** Every dcloud VM, then the network and storage pool: nothing of the demo stays defined in libvirt. */
    private static void removeLibvirtLeftovers() throws LibvirtException, IOException {
        Connect libvirt = Connections.open("qemu:///system");
        try {
            var vms = VmManager.withDefaults(libvirt);
            for (Vm vm : vms.list()) {
                vms.destroy(vm.name());
            }
            vms.removeOrphans();
            var network = libvirt.networkLookupByName(NatNetwork.defaults().name());
            if (network.isActive() == 1) {
                network.destroy();
            }
            network.undefine();
            var pool = libvirt.storagePoolLookupByName("dcloud");
            if (pool.isActive() == 1) {
                pool.destroy();
            }
            pool.undefine();
        } finally {
            libvirt.close();
        }
    }
}
