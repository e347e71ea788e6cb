package io.dcloud.ledger.market;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Short texts (GPU model, region) stored as bytes32 so offers stay fixed-size and cheap to read in bulk. */
final class ShortText {
    private ShortText() {}

    static byte[] encode(String text, String what) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 32) {
            throw new IllegalArgumentException(what + " is longer than 32 bytes: " + text);
        }
        return Arrays.copyOf(utf8, 32);
    }

    static String decode(byte[] bytes32) {
        int end = 0;
        while (end < bytes32.length && bytes32[end] != 0) {
            end++;
        }
        return new String(bytes32, 0, end, StandardCharsets.UTF_8);
    }
}
