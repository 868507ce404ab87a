package io.radinfer.runtime.protect;

import io.radinfer.kernels.ops.Kernels;

/**
 * Checksums of activation regions between the op that produced them and the ops that read them: the
 * wrapping sum of the raw bits of the floats, which any single bit flip changes (by +-2^k, never 0 mod
 * 2^32). A producer under protection records its output; a protected consumer verifies every recorded
 * region inside what it reads; an unprotected producer drops the records it overwrites, so nothing stale is
 * checked. Fixed capacity, no allocation.
 */
final class Guards {
    private final Kernels k;
    private final float[][] bufs;
    private final int[] offs;
    private final int[] lens;
    private final int[] sums;
    private int size;

    /** {@code kernels} computes the bit sums ({@link Kernels#bitSum}). */
    Guards(Kernels kernels, int capacity) {
        k = kernels;
        bufs = new float[capacity][];
        offs = new int[capacity];
        lens = new int[capacity];
        sums = new int[capacity];
    }

    /** Forgets records of {@code buf} that overlap {@code [off, off + n)}. */
    void drop(float[] buf, int off, int n) {
        for (int i = 0; i < size; ) {
            if (bufs[i] == buf && offs[i] < off + n && off < offs[i] + lens[i]) {
                size--;
                bufs[i] = bufs[size];
                offs[i] = offs[size];
                lens[i] = lens[size];
                sums[i] = sums[size];
                bufs[size] = null;
            } else {
                i++;
            }
        }
    }

    /**
     * Records {@code buf[off .. off + n)} as it is now, one record per {@code row} values (the rows of a
     * batch), so an op that then reads one row verifies that row alone.
     */
    void record(float[] buf, int off, int n, int row) {
        drop(buf, off, n);
        int width = row > 0 && row < n ? row : n;
        for (int o = off, end = off + n; o < end; o += width) {
            add(buf, o, Math.min(width, end - o));
        }
    }

    private void add(float[] buf, int off, int n) {
        if (size == bufs.length) {
            // Full: forget the oldest record (checking less, never wrongly).
            System.arraycopy(bufs, 1, bufs, 0, size - 1);
            System.arraycopy(offs, 1, offs, 0, size - 1);
            System.arraycopy(lens, 1, lens, 0, size - 1);
            System.arraycopy(sums, 1, sums, 0, size - 1);
            size--;
        }
        bufs[size] = buf;
        offs[size] = off;
        lens[size] = n;
        sums[size] = k.bitSum(buf, off, n);
        size++;
    }

    /**
     * Whether every record overlapping {@code buf[off .. off + n)} still matches. A record only partly
     * inside the region is verified whole: checking more than is read, never less.
     */
    boolean verify(float[] buf, int off, int n) {
        for (int i = 0; i < size; i++) {
            if (bufs[i] == buf && offs[i] < off + n && off < offs[i] + lens[i]
                    && k.bitSum(buf, offs[i], lens[i]) != sums[i]) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            bufs[i] = null;
        }
        size = 0;
    }
}
