package io.radinfer.cli;

import picocli.CommandLine;

/** {@code --prompt-ids 1,2,3}: comma-separated token ids. */
final class TokenIds implements CommandLine.ITypeConverter<int[]> {
    @Override
    public int[] convert(String value) {
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
