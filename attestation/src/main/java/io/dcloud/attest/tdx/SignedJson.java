package io.dcloud.attest.tdx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.io.IOException;
import java.util.Arrays;

/**
 * Intel PCS collateral such as {"tcbInfo": {...}, "signature": "hex"}: the signature covers the exact
 * bytes of the inner object as served, so those bytes are kept, not re-serialized.
 */
public record SignedJson(String field, byte[] signedBytes, JsonNode body, byte[] signature) {

    public static SignedJson parse(byte[] json, String field) throws ParseException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ParseException(Reason.BAD_ENCODING, "collateral is not a JSON object");
            }
            byte[] signed = null;
            String signature = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.START_OBJECT) {
                    long start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    long end = p.currentTokenLocation().getByteOffset() + 1;
                    signed = Arrays.copyOfRange(json, (int) start, (int) end);
                } else if (name.equals("signature") && value == JsonToken.VALUE_STRING) {
                    signature = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (signed == null || signature == null) {
                throw new ParseException(Reason.BAD_FIELD, "collateral lacks \"" + field + "\" or \"signature\"");
            }
            return new SignedJson(
                    field, signed, new ObjectMapper().readTree(signed), Hex.parse(signature, "signature"));
        } catch (IOException | RuntimeException e) {
            throw new ParseException(Reason.BAD_ENCODING, "collateral JSON: " + e.getMessage());
        }
    }
}
