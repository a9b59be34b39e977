package io.plantwire.driver.modbus.internal;

/**
 * The byte and word order of a multi-byte value, named by where the bytes of the big-endian value A B C D (...)
 * appear in the registers as read: ABCD is plain big-endian (Modbus' own order), CDAB swaps the 16-bit words
 * (common on meters), BADC swaps the bytes inside each word, DCBA is little-endian. 64-bit values use the
 * eight-letter equivalents (ABCDEFGH, GHEFCDAB, BADCFEHG, HGFEDCBA); the four-letter names are accepted for them
 * too and mean the same swaps. 16-bit values and strings accept AB and BA.
 */
record RegisterOrder(boolean wordSwap, boolean byteSwap) {

    static final RegisterOrder BIG_ENDIAN = new RegisterOrder(false, false);

    /**
     * Parses an order name for a value of the given number of registers.
     *
     * @return the order, or null if the name is not valid for that width
     */
    static RegisterOrder parse(String name, int registers) {
        String n = name.trim().toUpperCase();
        if (n.isEmpty()) {
            return BIG_ENDIAN;
        }
        if (registers == 1 || registers == 0) {
            switch (n) {
                case "AB":
                    return BIG_ENDIAN;
                case "BA":
                    return new RegisterOrder(false, true);
                default:
                    return null;
            }
        }
        switch (n) {
            case "ABCD":
                return BIG_ENDIAN;
            case "CDAB":
                return new RegisterOrder(true, false);
            case "BADC":
                return new RegisterOrder(false, true);
            case "DCBA":
                return new RegisterOrder(true, true);
            default:
                break;
        }
        if (registers == 4) {
            switch (n) {
                case "ABCDEFGH":
                    return BIG_ENDIAN;
                case "GHEFCDAB":
                    return new RegisterOrder(true, false);
                case "BADCFEHG":
                    return new RegisterOrder(false, true);
                case "HGFEDCBA":
                    return new RegisterOrder(true, true);
                default:
                    break;
            }
        }
        return null;
    }

    /** The valid names for a value of that many registers, for error messages. */
    static String namesFor(int registers) {
        if (registers <= 1) {
            return "AB, BA";
        }
        if (registers == 4) {
            return "ABCDEFGH, GHEFCDAB, BADCFEHG, HGFEDCBA (or ABCD, CDAB, BADC, DCBA)";
        }
        return "ABCD, CDAB, BADC, DCBA";
    }

    /** The name of this order for a value of that many registers. */
    String name(int registers) {
        if (registers <= 1) {
            return byteSwap ? "BA" : "AB";
        }
        String[] four = {"ABCD", "BADC", "CDAB", "DCBA"};
        String[] eight = {"ABCDEFGH", "BADCFEHG", "GHEFCDAB", "HGFEDCBA"};
        int i = (wordSwap ? 2 : 0) + (byteSwap ? 1 : 0);
        return registers == 4 ? eight[i] : four[i];
    }
}
