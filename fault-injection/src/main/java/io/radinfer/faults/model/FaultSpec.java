package io.radinfer.faults.model;

import java.util.Locale;

/**
 * Parses the command-line fault syntax into a {@link FaultModel}:
 *
 * <pre>
 *   bitflip            one bit inverted
 *   mbu:K              K adjacent bits of one element inverted (2 &lt;= K &lt;= 64)
 *   mbu:K:bytes        the same bit in K adjacent bytes inverted
 *   stuck-at           one bit stuck for the whole run, at 0 or 1 drawn per injection
 *   stuck-at:0|1       ... at a fixed value
 *   burst:N            N consecutive bytes corrupted (1 &lt;= N &lt;= 4096)
 * </pre>
 *
 * <p>Example: {@code FaultSpec.parse("mbu:2")} is {@code new MultiBitUpset(2, Layout.WORD)}.
 */
public final class FaultSpec {
    /** The accepted forms, for error messages and help text. */
    public static final String SYNTAX = "bitflip, mbu:K, mbu:K:bytes, stuck-at, stuck-at:0, stuck-at:1, burst:N";

    private FaultSpec() {
    }

    /**
     * Parses a fault specification (case-insensitive, surrounding blanks ignored).
     *
     * @throws FaultSpecException naming the input and the accepted forms if it cannot be parsed
     */
    public static FaultModel parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new FaultSpecException(String.valueOf(spec), "empty fault; use one of " + SYNTAX);
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", -1);
        return switch (parts[0]) {
            case "bitflip" -> {
                expectParts(spec, parts, 1, 1);
                yield new BitFlip();
            }
            case "mbu" -> {
                expectParts(spec, parts, 2, 3);
                int k = number(spec, parts[1], "K", 2, MultiBitUpset.MAX_BITS);
                if (parts.length == 3 && !parts[2].equals("bytes")) {
                    throw new FaultSpecException(spec, "the third field of mbu can only be 'bytes' (mbu:K:bytes)");
                }
                yield new MultiBitUpset(k, parts.length == 3 ? MultiBitUpset.Layout.BYTES : MultiBitUpset.Layout.WORD);
            }
            case "stuck-at" -> {
                expectParts(spec, parts, 1, 2);
                if (parts.length == 1) {
                    yield new StuckAt(StuckAt.Value.EITHER);
                }
                yield switch (parts[1]) {
                    case "0" -> new StuckAt(StuckAt.Value.ZERO);
                    case "1" -> new StuckAt(StuckAt.Value.ONE);
                    default -> throw new FaultSpecException(spec, "a stuck-at value is 0 or 1, got '" + parts[1] + "'");
                };
            }
            case "burst" -> {
                expectParts(spec, parts, 2, 2);
                yield new Burst(number(spec, parts[1], "N", 1, Burst.MAX_BYTES));
            }
            default -> throw new FaultSpecException(spec, "unknown fault '" + parts[0] + "'; use one of " + SYNTAX);
        };
    }

    private static void expectParts(String spec, String[] parts, int min, int max) {
        if (parts.length < min || parts.length > max) {
            throw new FaultSpecException(spec, "wrong number of ':' fields; use one of " + SYNTAX);
        }
    }

    private static int number(String spec, String field, String name, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new FaultSpecException(spec, name + " must be a whole number, got '" + field + "'");
        }
        if (value < min || value > max) {
            throw new FaultSpecException(spec, name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
