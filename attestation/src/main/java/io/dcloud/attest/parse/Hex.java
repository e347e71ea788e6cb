package io.dcloud.attest.parse;

import java.util.HexFormat;

/** Lowercase hex, the one spelling of byte strings in output and flags. */
public final class Hex {

    private Hex() {}

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Decodes hex (either case, surrounding whitespace ignored) or fails with a named reason. */
    public static byte[] parse(String text, String what) throws ParseException {
        String s = text.strip();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.length() % 2 != 0 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ParseException(ParseException.Reason.BAD_ENCODING, what + " is not an even number of hex digits");
        }
        return HexFormat.of().parseHex(s);
    }
}
