package io.radinfer.cli;

import picocli.CommandLine;

/** {@code --prompt-ids 1,2,3}: comma-separated token ids. */
record TokenIds(int[] ids) {

    /** Parses the option value. */
    static final class Converter implements CommandLine.ITypeConverter<TokenIds> {
        @Override
        public TokenIds convert(String value) {
            return new TokenIds(parse(value));
        }
    }

    static int[] parse(String value) {
        String[] parts = value.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            try {
                ids[i] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("token ids are comma-separated integers; '" + s + "' is not one");
            }
            if (ids[i] < 0) {
                throw new IllegalArgumentException("token ids are not negative; got " + ids[i]);
            }
        }
        return ids;
    }
}
