package io.dcloud.ledger.tx;

import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudTestToken;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Turns revert data into a {@link ContractRevert} named after the contract's custom error. The errors come from the
 * generated wrappers (hence from the committed ABIs), so a new error in Solidity is decoded without code changes here.
 */
public final class RevertDecoder {
    private static final String ERROR_STRING = "0x08c379a0";
    private static final String PANIC = "0x4e487b71";

    private final Map<String, CustomError> bySelector = new HashMap<>();

    public RevertDecoder() {
        for (Class<?> wrapper : List.of(DcloudMarket.class, DcloudTestToken.class)) {
            for (Field field : wrapper.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == CustomError.class) {
                    CustomError error = read(field);
                    bySelector.putIfAbsent(selectorOf(error), error);
                }
            }
        }
    }

    /** The 4-byte selector ({@code 0x} + 8 hex digits) of a custom error. */
    public static String selectorOf(CustomError error) {
        return CustomErrorEncoder.encode(error).substring(0, 10);
    }

    /** Decodes revert data ({@code 0x...}); data that matches no known error still yields a readable exception. */
    public ContractRevert decode(String data) {
        if (data == null || data.length() < 10) {
            return new ContractRevert("UnknownRevert", data == null || data.isEmpty() ? List.of() : List.of(data));
        }
        String selector = data.substring(0, 10).toLowerCase();
        String body = data.substring(10);
        if (selector.equals(ERROR_STRING)) {
            return new ContractRevert("Error", render(decode(body, List.of(new TypeReference<Utf8String>() {}))));
        }
        if (selector.equals(PANIC)) {
            return new ContractRevert("Panic", render(decode(body, List.of(new TypeReference<Uint256>() {}))));
        }
        CustomError error = bySelector.get(selector);
        if (error == null) {
            return new ContractRevert("UnknownRevert", List.of(data));
        }
        return new ContractRevert(error.getName(), render(decode(body, error.getParameters())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Type> decode(String body, List<? extends TypeReference<?>> types) {
        return FunctionReturnDecoder.decode(body, (List) types);
    }

    private static List<String> render(List<Type> values) {
        return values.stream().map(v -> String.valueOf(v.getValue())).toList();
    }

    private static CustomError read(Field field) {
        try {
            return (CustomError) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("generated wrapper field not readable: " + field, e);
        }
    }
}
