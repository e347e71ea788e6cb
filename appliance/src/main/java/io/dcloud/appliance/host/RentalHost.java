package io.dcloud.appliance.host;

import io.dcloud.appliance.config.ApplianceConfig;
import io.dcloud.appliance.config.LedgerConfig;
import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.appliance.local.LocalRentalStore;
import io.dcloud.appliance.local.LocalRentals;
import io.dcloud.appliance.offers.OfferSync;
import io.dcloud.appliance.offers.OfferUpkeep;
import io.dcloud.appliance.reconcile.ChainRentals;
import io.dcloud.appliance.reconcile.PassReport;
import io.dcloud.appliance.reconcile.ProvisionSettings;
import io.dcloud.appliance.reconcile.ReadinessProbe;
import io.dcloud.appliance.reconcile.ReconcileLoop;
import io.dcloud.appliance.reconcile.Reconciler;
import io.dcloud.appliance.reconcile.RunningDomainProbe;
import io.dcloud.appliance.reconcile.SshBannerProbe;
import io.dcloud.forward.ForwarderConfig;
import io.dcloud.forward.PortForwarder;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.OfferListing;
import io.dcloud.ledger.tx.LedgerSession;
import io.dcloud.ledger.watch.CheckpointStore;
import io.dcloud.ledger.watch.EventWatcher;
import io.dcloud.ledger.watch.WatchOptions;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.RouterConfig;
import io.dcloud.sni.SniRouter;
import io.dcloud.sni.http.AcmeChallenges;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.libvirt.Connections;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.DirectBoot;
import io.dcloud.vm.storage.VmStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Everything that turns rentals into VMs on this host, wired from the config: the libvirt connection and VM
 * manager, the data plane, the ledger session of the provider, the admin's local rentals, and the reconcile loop
 * that joins them. The data
 * plane is filled from libvirt before the first ledger read, so routes and ports of running VMs come back at once
 * after a restart.
 */
public final class RentalHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RentalHost.class.getName());

    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** How long a metrics scrape waits for the chain head before reporting the ledger lag as unknown. */
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(2);

    private final VmManager vms;
    private final DataPlane dataPlane;
    private final ReconcileLoop loop;
    private final LocalRentals localRentals;
    private final LocalRentalDesk localRentalDesk;
    private final EventWatcher watcher;
    private final List<AutoCloseable> closeInOrder;
    private final String providerAddress;
    private final OfferSync offers;
    private final AdminRentalActions actions;
    private final LedgerLag ledgerLag;

    private RentalHost(
            Connect libvirt,
            VmManager vms,
            DataPlane dataPlane,
            LedgerSession session,
            ReconcileLoop loop,
            LocalRentals localRentals,
            LocalRentalDesk localRentalDesk,
            EventWatcher watcher,
            Optional<AnvilNode> chain,
            String providerAddress,
            OfferSync offers,
            AdminRentalActions actions) {
        this.providerAddress = providerAddress;
        this.offers = offers;
        this.actions = actions;
        this.ledgerLag = new LedgerLag(session.web3j(), this::ledgerCheckpointBlock, LAG_TIMEOUT);
        this.vms = vms;
        this.dataPlane = dataPlane;
        this.loop = loop;
        this.localRentals = localRentals;
        this.localRentalDesk = localRentalDesk;
        this.watcher = watcher;
        var closing = new ArrayList<AutoCloseable>(List.of(watcher, loop, dataPlane, session, libvirt::close));
        chain.ifPresent(closing::add);
        this.closeInOrder = List.copyOf(closing);
    }

    /** This provider's offers on the ledger now; throws when the ledger cannot be read. */
    public List<OfferListing> publishedOffers() throws Exception {
        return offers.published();
    }

    /** The last ledger block whose events were delivered (for the ledger-lag metric). */
    public long ledgerCheckpointBlock() {
        return watcher.checkpoint().block();
    }

    /** Blocks between the chain head and the watcher's checkpoint, asked of the chain now; NaN when it is down. */
    public LedgerLag ledgerLag() {
        return ledgerLag;
    }

    public static RentalHost start(
            ApplianceConfig config,
            Map<String, String> env,
            Clock clock,
            Consumer<PassReport> listener,
            AcmeChallenges acme)
            throws Exception {
        // Read first: a local rentals file that cannot be read stops the start before anything is touched.
        var localRentals =
                new LocalRentals(LocalRentalStore.open(config.stateDir().resolve(LocalRentalStore.FILE_NAME)), clock);
        var credentials = ProviderCredentials.load(config.provider().key(), env);
        var endpoint = LedgerEndpoint.open(config, credentials);
        var deployment = endpoint.deployment();
        var started = new ArrayList<AutoCloseable>();
        endpoint.chain().ifPresent(started::add);
        try {
            var libvirt = Connections.open(config.libvirt().uri());
            started.add(libvirt::close);
            var network = natNetwork(config);
            var vms = new VmManager(
                    libvirt,
                    new VmStorage(libvirt, "dcloud", config.libvirt().imageDir()),
                    new DcloudNetwork(libvirt, network));
            String bind = config.listeners().bindAddress();
            var dataPlane = new DataPlane(
                    SniRouter.start(RouterConfig.of(
                                    new HostPort(bind, config.listeners().tls()),
                                    new HostPort(bind, config.listeners().http()))
                            .withAcme(acme)),
                    PortForwarder.start(ForwarderConfig.defaults()),
                    bind);
            started.add(dataPlane);
            dataPlane.apply(vms.list());
            var session = LedgerSession.connect(endpoint.rpcUrl(), credentials, Duration.ofSeconds(120));
            started.add(session);
            var market = new Marketplace(session, deployment);
            endpoint.ensureRegistered(market, config, credentials.getAddress());
            Callable<HostInventory> inventory =
                    () -> HostInventory.read(libvirt, config.libvirt().imageDir());
            var ledger = new ChainRentals(
                    market, session.web3j(), deployment.market(), credentials.getAddress(), deployment.startBlock());
            var reconciler = new Reconciler(
                    vms,
                    inventory,
                    List.of(ledger, localRentals),
                    dataPlane,
                    probe(libvirt),
                    settings(config, network),
                    clock);
            var offers =
                    new OfferSync(market, credentials.getAddress(), config.offers(), inventory, vms::passedThrough);
            var loop = new ReconcileLoop(reconciler, PERIOD, listener.andThen(new OfferUpkeep(offers)));
            started.add(loop);
            var desk = new LocalRentalDesk(
                    localRentals,
                    vms,
                    inventory,
                    config.offers(),
                    () -> lastLedgerServed(loop, ledger),
                    config.provider().domain(),
                    clock,
                    loop::wake);
            loop.start();
            // Events only say when to look again; the pass reads the truth from the chain itself.
            var watcher = new EventWatcher(
                    session.web3j(),
                    deployment.market(),
                    deployment.startBlock(),
                    new CheckpointStore(config.stateDir().resolve("ledger.checkpoint")),
                    new WatchOptions(confirmations(config), 64, 2_000, PERIOD, Duration.ofMinutes(1)),
                    event -> event.provider()
                            .filter(credentials.getAddress()::equalsIgnoreCase)
                            .ifPresent(mine -> loop.wake()));
            watcher.start();
            return new RentalHost(
                    libvirt,
                    vms,
                    dataPlane,
                    session,
                    loop,
                    localRentals,
                    desk,
                    watcher,
                    endpoint.chain(),
                    credentials.getAddress(),
                    offers,
                    new AdminRentalActions(vms, List.of(ledger, localRentals), loop::wake));
        } catch (Exception e) {
            for (AutoCloseable c : started.reversed()) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The provider's ledger address, which this host's rentals are with. */
    public String providerAddress() {
        return providerAddress;
    }

    public VmManager vms() {
        return vms;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public ReconcileLoop loop() {
        return loop;
    }

    public LocalRentals localRentals() {
        return localRentals;
    }

    /** The admin's stop, start, reboot and force-end of a rental. */
    public AdminRentalActions actions() {
        return actions;
    }

    public LocalRentalDesk localRentalDesk() {
        return localRentalDesk;
    }

    /** Ledger rentals served at the last pass, 0 before one read the ledger (the desk also counts their VMs). */
    private static int lastLedgerServed(ReconcileLoop loop, ChainRentals ledger) {
        var last = loop.lastReport();
        return last == null ? 0 : last.servedBySource().getOrDefault(ledger.name(), 0);
    }

    /** On libvirt's test driver nothing boots, so no SSH banner could ever come: a running domain is ready. */
    private static ReadinessProbe probe(Connect libvirt) throws LibvirtException {
        if (HostInventory.isTestDriver(libvirt)) {
            LOG.warning("libvirt's test driver: VMs exist only in libvirt's memory and never boot; a rental is"
                    + " accepted once its domain runs, and nothing can reach it");
            return new RunningDomainProbe();
        }
        return new SshBannerProbe(Duration.ofSeconds(2));
    }

    /** A local chain mines a block per transaction and never reorganizes: nothing to wait for there. */
    private static int confirmations(ApplianceConfig config) {
        return config.ledger() instanceof LedgerConfig.Remote remote ? remote.confirmations() : 0;
    }

    private static NatNetwork natNetwork(ApplianceConfig config) {
        var subnet = config.libvirt().subnet();
        int base = subnet.address();
        int size = 1 << (32 - subnet.prefixLength());
        return new NatNetwork(
                config.libvirt().network(),
                config.libvirt().network() + "0",
                ip(base + 1),
                ip(subnet.mask()),
                ip(base + 2),
                ip(base + size - 2));
    }

    private static ProvisionSettings settings(ApplianceConfig config, NatNetwork network) {
        var lv = config.libvirt();
        return new ProvisionSettings(
                config.provider().domain(),
                config.provider().publicAddress(),
                lv.loginUser(),
                lv.baseImage(),
                lv.boot().map(b -> new DirectBoot(b.kernel(), b.initrd(), b.cmdline())),
                network,
                config.ports().first(),
                config.ports().last(),
                config.ports().blockSize(),
                config.reconcile().readyTimeout(),
                config.reconcile().teardownGrace());
    }

    private static String ip(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeInOrder) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
