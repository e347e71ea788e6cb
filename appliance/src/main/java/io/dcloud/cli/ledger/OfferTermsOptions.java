package io.dcloud.cli.ledger;

import io.dcloud.ledger.market.OfferKind;
import io.dcloud.ledger.market.OfferTerms;
import picocli.CommandLine.Option;

/** The terms of an offer as command-line options (publish and update). */
final class OfferTermsOptions {
    @Option(
            names = "--kind",
            defaultValue = "standard",
            converter = OfferKindConverter.class,
            description = "standard, sev-snp, tdx or gpu.")
    OfferKind kind;

    @Option(names = "--vcpu", required = true)
    int vcpu;

    @Option(names = "--ram-mib", required = true)
    long ramMiB;

    @Option(names = "--disk-gib", defaultValue = "20")
    long diskGiB;

    @Option(names = "--gpus", defaultValue = "0")
    int gpus;

    @Option(names = "--gpu-model", defaultValue = "")
    String gpuModel;

    @Option(names = "--bandwidth-mbps", defaultValue = "1000")
    long bandwidthMbps;

    @Option(names = "--region", required = true)
    String region;

    @Option(names = "--price", required = true, paramLabel = "DCT", description = "Price per hour in DCT.")
    String price;

    @Option(names = "--min-hours", defaultValue = "1")
    int minHours;

    @Option(names = "--max-hours", defaultValue = "720")
    int maxHours;

    @Option(names = "--stock", defaultValue = "1", description = "How many rentals of this offer may run at once.")
    int stock;

    OfferTerms terms() {
        return new OfferTerms(
                kind,
                vcpu,
                ramMiB,
                diskGiB,
                gpus,
                gpuModel,
                bandwidthMbps,
                region,
                Dct.parse(price),
                minHours,
                maxHours,
                stock);
    }
}
