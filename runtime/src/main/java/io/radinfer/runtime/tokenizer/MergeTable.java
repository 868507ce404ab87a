package io.radinfer.runtime.tokenizer;

/**
 * BPE merge rules keyed by the pair of token ids they join: an open-addressing hash table from
 * {@code (left, right)} to {@code (rank, merged id)}, packed into primitive arrays so a 150k-rule table
 * (Qwen2) costs two {@code long}s per slot instead of boxed map entries.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;

    MergeTable(int expected) {
        int capacity = 4;
        while (capacity < 2L * expected) {
            capacity <<= 1;
        }
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        java.util.Arrays.fill(keys, EMPTY);
    }

    /** Adds a rule unless the pair already has one (the earlier, lower-rank rule wins). */
    void putIfAbsent(int left, int right, int rank, int merged) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | merged;
    }

    /**
     * The rule for a pair as {@code rank << 32 | mergedId} (so comparing two results compares ranks first),
     * or -1 if the pair never merges.
     */
    long find(int left, int right) {
        long key = key(left, right);
        for (int slot = slot(key); keys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return values[slot];
            }
        }
        return -1L;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4): the golden-ratio multiplier spreads sequential ids. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 33) & mask;
    }
}
