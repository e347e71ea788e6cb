package io.dcloud.cli.ledger;

import io.dcloud.ledger.market.OfferKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --kind sev-snp} as the docs write it; {@code sev_snp} works too. */
final class OfferKindConverter implements ITypeConverter<OfferKind> {
    @Override
    public OfferKind convert(String value) {
        try {
            return OfferKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
