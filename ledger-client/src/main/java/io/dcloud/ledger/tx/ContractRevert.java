package io.dcloud.ledger.tx;

import java.util.List;

/**
 * A call or transaction the contract refused, named by its custom error (e.g. {@code NotProvider(3, 0xab..)}), so
 * callers and users see why instead of a bare "execution reverted".
 */
public final class ContractRevert extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final List<String> arguments;

    public ContractRevert(String errorName, List<String> arguments) {
        super(errorName + "(" + String.join(", ", arguments) + ")");
        this.errorName = errorName;
        this.arguments = List.copyOf(arguments);
    }

    /** The Solidity custom error's name, or {@code Error}/{@code Panic}/{@code UnknownRevert}. */
    public String errorName() {
        return errorName;
    }

    /** The error's arguments, rendered as text (numbers in decimal, addresses in hex). */
    public List<String> arguments() {
        return arguments;
    }
}
