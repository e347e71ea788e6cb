package io.dcloud.attest.agent;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.NonceBinding;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One request to the guest's evidence agent, as the appliance relays it: {@code GET PATH?nonce=HEX[&binding=raw]}.
 * The same record builds the query on the relay's side and parses it on the agent's, so both ends agree.
 */
public record AgentRequest(byte[] nonce, NonceBinding binding) {

    public static final String PATH = "/dcloud/attestation/v1/evidence";

    /** The port the agent listens on inside the guest unless the provider configures another. */
    public static final int DEFAULT_PORT = 7300;

    /** Longer nonces add nothing to freshness; the bound keeps requests small. */
    public static final int MAX_NONCE_BYTES = 256;

    public AgentRequest {
        if (nonce.length == 0 || nonce.length > MAX_NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "the nonce must be 1 to " + MAX_NONCE_BYTES + " bytes, got " + nonce.length);
        }
        if (binding == NonceBinding.RAW && nonce.length > 64) {
            throw new IllegalArgumentException("a raw nonce must be at most 64 bytes, got " + nonce.length);
        }
        nonce = nonce.clone();
    }

    /** Parses the hex nonce a tenant gave; the message names what is wrong with it. */
    public static AgentRequest of(String nonceHex, NonceBinding binding) {
        try {
            return new AgentRequest(Hex.parse(nonceHex, "nonce"), binding);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static AgentRequest parse(String rawQuery) {
        String nonce = null;
        NonceBinding binding = NonceBinding.SHA512;
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            switch (key) {
                case "nonce" -> nonce = value;
                case "binding" -> binding = binding(value);
                default -> throw new IllegalArgumentException("unknown query parameter '" + key + "'");
            }
        }
        if (nonce == null) {
            throw new IllegalArgumentException("missing query parameter nonce=HEX");
        }
        return of(nonce, binding);
    }

    private static NonceBinding binding(String value) {
        return switch (value) {
            case "sha512" -> NonceBinding.SHA512;
            case "raw" -> NonceBinding.RAW;
            default -> throw new IllegalArgumentException("binding must be sha512 or raw, got '" + value + "'");
        };
    }

    public byte[] reportData() {
        return binding.reportData(nonce);
    }

    /** Path and query to send to the agent. */
    public String pathAndQuery() {
        return PATH + "?nonce=" + HexFormat.of().formatHex(nonce) + "&binding="
                + binding.name().toLowerCase(Locale.ROOT);
    }
}
