package io.dcloud.cli.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dcloud.ledger.market.OfferKind;
import io.dcloud.ledger.market.OfferListing;
import io.dcloud.ledger.market.OfferQuery;
import io.dcloud.ledger.market.OfferTerms;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud offers`: tenants search, providers publish and manage. */
@Command(
        mixinStandardHelpOptions = true,
        name = "offers",
        description = "Search offers (tenant) or publish and manage them (provider).",
        subcommands = {
            OffersCommand.Search.class,
            OffersCommand.Publish.class,
            OffersCommand.Update.class,
            OffersCommand.Pause.class,
            OffersCommand.Remove.class
        })
public final class OffersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "search",
            description = "List available offers matching the filters, ranked.")
    static final class Search extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Option(names = "--kind", converter = OfferKindConverter.class, description = "standard, sev-snp, tdx or gpu.")
        OfferKind kind;

        @Option(names = "--min-vcpu", defaultValue = "0")
        int minVcpu;

        @Option(names = "--min-ram-mib", defaultValue = "0")
        long minRamMiB;

        @Option(names = "--min-disk-gib", defaultValue = "0")
        long minDiskGiB;

        @Option(names = "--min-gpus", defaultValue = "0")
        int minGpus;

        @Option(names = "--gpu-model")
        String gpuModel;

        @Option(names = "--region")
        String region;

        @Option(names = "--max-price", paramLabel = "DCT", description = "Highest price per hour, in DCT.")
        String maxPrice;

        @Option(names = "--min-reputation", defaultValue = "0", description = "Lowest provider reputation.")
        BigInteger minReputation;

        @Option(names = "--sort", defaultValue = "price", description = "price or reputation.")
        OfferQuery.Sort sort;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        void execute() {
            OfferQuery query = new OfferQuery(
                    Optional.ofNullable(kind),
                    minVcpu,
                    minRamMiB,
                    minDiskGiB,
                    minGpus,
                    Optional.ofNullable(gpuModel),
                    Optional.ofNullable(region),
                    Optional.ofNullable(maxPrice).map(Dct::parse),
                    minReputation,
                    sort);
            List<OfferListing> found;
            try (var opened = ledger.openReadOnly()) {
                found = opened.market().search(query);
            }
            if (json) {
                printJson(found);
                return;
            }
            out().printf(
                            "%-6s %-8s %5s %9s %8s %-14s %-12s %12s %7s %5s %-42s %s%n",
                            "OFFER",
                            "KIND",
                            "VCPU",
                            "RAM_MIB",
                            "DISK_GIB",
                            "GPU",
                            "REGION",
                            "DCT/HOUR",
                            "HOURS",
                            "STOCK",
                            "PROVIDER",
                            "REPUTATION");
            for (OfferListing l : found) {
                OfferTerms t = l.terms();
                out().printf(
                                "%-6s %-8s %5d %9d %8d %-14s %-12s %12s %7s %5d %-42s %s%n",
                                l.id(),
                                t.kind().id(),
                                t.vcpu(),
                                t.ramMiB(),
                                t.diskGiB(),
                                t.gpuCount() == 0 ? "-" : t.gpuCount() + "x" + t.gpuModel(),
                                t.region(),
                                Dct.format(t.pricePerHour()),
                                t.minHours() + "-" + t.maxHours(),
                                t.stock(),
                                l.provider(),
                                l.providerReputation());
            }
            out().printf("%d offers%n", found.size());
        }

        private void printJson(List<OfferListing> found) {
            List<Map<String, Object>> rows = found.stream()
                    .map(l -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        OfferTerms t = l.terms();
                        row.put("offer", l.id());
                        row.put("provider", l.provider());
                        row.put("providerReputation", l.providerReputation());
                        row.put("kind", t.kind().id());
                        row.put("vcpu", t.vcpu());
                        row.put("ramMiB", t.ramMiB());
                        row.put("diskGiB", t.diskGiB());
                        row.put("gpuCount", t.gpuCount());
                        row.put("gpuModel", t.gpuModel());
                        row.put("bandwidthMbps", t.bandwidthMbps());
                        row.put("region", t.region());
                        row.put("pricePerHourDct", Dct.format(t.pricePerHour()));
                        row.put("minHours", t.minHours());
                        row.put("maxHours", t.maxHours());
                        row.put("stock", t.stock());
                        return row;
                    })
                    .toList();
            try {
                out().println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot render JSON", e);
            }
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "publish",
            description = "Publish an offer (registered providers only).")
    static final class Publish extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Mixin
        OfferTermsOptions terms;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("publishing offer");
                var created = opened.market().publishOffer(terms.terms());
                sent(created.receipt(), "offer " + created.id() + " published");
            }
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "update",
            description = "Replace an offer's terms; running rentals keep their price.")
    static final class Update extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Parameters(paramLabel = "OFFER")
        BigInteger offer;

        @Mixin
        OfferTermsOptions terms;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("updating offer " + offer);
                sent(opened.market().updateOffer(offer, terms.terms()), "offer " + offer + " updated");
            }
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "pause",
            description = "Pause an offer (or resume it with --resume).")
    static final class Pause extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Parameters(paramLabel = "OFFER")
        BigInteger offer;

        @Option(names = "--resume", description = "Make the offer rentable again.")
        boolean resume;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending((resume ? "resuming" : "pausing") + " offer " + offer);
                sent(opened.market().pauseOffer(offer, !resume), "offer " + offer + (resume ? " resumed" : " paused"));
            }
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "remove",
            description = "Remove an offer for good; running rentals are not affected.")
    static final class Remove extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Parameters(paramLabel = "OFFER")
        BigInteger offer;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("removing offer " + offer);
                sent(opened.market().removeOffer(offer), "offer " + offer + " removed");
            }
        }
    }
}
