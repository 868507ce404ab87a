package io.radinfer.runtime.protect;

import io.radinfer.kernels.tensor.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Memory scrubbing for weights: a CRC32C per {@value #REGION_BYTES}-byte region of every weight matrix,
 * computed once from the weights at load; {@link #verify} and {@link #verifyAll} re-check regions and
 * restore any that no longer match from the {@link GoldenCopy} (after checking the golden bytes against
 * the same CRC, so a damaged golden copy is reported instead of spread). A background pass runs on a
 * period ({@link #start}); the protection layer also asks for a tensor when a checksum mismatch survives
 * a recompute.
 *
 * <p>Repairs write the working copy while sessions may be reading it. A reader can see a region half
 * repaired: each byte it reads is the old (corrupt) or the new (good) one, so what it sees is the golden
 * region with part of the upset. The checksum-fused kernels take an output and its integer sum from the
 * same read, so the CHECKSUM layer judges the mix as it would judge that part of the upset at rest, and
 * recomputes when it flags it (the jcstress test {@code ScrubberRepairRace}; docs/reliability.md).
 */
public final class WeightScrubber implements AutoCloseable {
    /** Bytes per CRC region: small enough to repair quickly, large enough that the table stays tiny. */
    public static final int REGION_BYTES = 64 * 1024;

    private final List<Tensor> tensors;
    private final Map<Tensor, Integer> index = new IdentityHashMap<>();
    private final int[][] crcs;
    private final ByteBuffer[] views;
    private final GoldenCopy golden;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer scratch;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong regionsChecked = new AtomicLong();
    private final AtomicLong repairs = new AtomicLong();
    private final AtomicLong failedRepairs = new AtomicLong();
    private volatile Thread background;
    private volatile boolean closed;

    /**
     * Records the CRCs of {@code tensors} as they are now: call it while the weights are known good (at
     * load, after an optional integrity check of the file).
     */
    public WeightScrubber(List<Tensor> tensors, GoldenCopy golden) {
        this.tensors = List.copyOf(tensors);
        this.golden = golden;
        this.crcs = new int[tensors.size()][];
        this.views = new ByteBuffer[tensors.size()];
        long largest = 0;
        for (Tensor t : tensors) {
            largest = Math.max(largest, t.byteSize());
        }
        // As large as the largest region, not always REGION_BYTES: a scrubber over small tensors (tiny
        // models, one per test) holds no more direct memory than those tensors need.
        this.scratch = ByteBuffer.allocateDirect((int) Math.min(REGION_BYTES, largest));
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            index.put(t, i);
            views[i] = t.data().asByteBuffer();
            int regions = (int) ((t.byteSize() + REGION_BYTES - 1) / REGION_BYTES);
            crcs[i] = new int[regions];
            for (int r = 0; r < regions; r++) {
                crcs[i][r] = regionCrc(i, r);
            }
        }
    }

    private int regionCrc(int t, int r) {
        ByteBuffer v = views[t];
        long start = (long) r * REGION_BYTES;
        int len = (int) Math.min(REGION_BYTES, tensors.get(t).byteSize() - start);
        v.limit((int) start + len).position((int) start);
        crc.reset();
        crc.update(v);
        return (int) crc.getValue();
    }

    /** The tensors this scrubber watches, in the order given at construction. */
    public List<Tensor> tensors() {
        return tensors;
    }

    /** Whether {@code t} is one of the watched tensors. */
    public boolean watches(Tensor t) {
        return index.containsKey(t);
    }

    /**
     * Re-checks every region of {@code t} and restores the corrupt ones.
     *
     * @return the number of regions repaired
     */
    public synchronized int verify(Tensor t) {
        Integer i = index.get(t);
        if (i == null) {
            throw new IllegalArgumentException("tensor " + t.name() + " is not watched by this scrubber");
        }
        return verifyTensor(i);
    }

    /** One pass over all weights; returns the number of regions repaired. */
    public synchronized int verifyAll() {
        int repaired = 0;
        for (int i = 0; i < tensors.size() && !closed; i++) {
            repaired += verifyTensor(i);
        }
        passes.incrementAndGet();
        return repaired;
    }

    private int verifyTensor(int t) {
        int repaired = 0;
        for (int r = 0; r < crcs[t].length; r++) {
            regionsChecked.incrementAndGet();
            if (regionCrc(t, r) != crcs[t][r] && repair(t, r)) {
                repaired++;
            }
        }
        return repaired;
    }

    private boolean repair(int t, int r) {
        Tensor tensor = tensors.get(t);
        long start = (long) r * REGION_BYTES;
        int len = (int) Math.min(REGION_BYTES, tensor.byteSize() - start);
        scratch.clear().limit(len);
        try {
            golden.read(t, start, scratch);
        } catch (IOException e) {
            failedRepairs.incrementAndGet();
            return false;
        }
        scratch.flip();
        crc.reset();
        crc.update(scratch);
        if ((int) crc.getValue() != crcs[t][r]) {
            failedRepairs.incrementAndGet();
            return false;
        }
        MemorySegment.copy(MemorySegment.ofBuffer(scratch.rewind()), 0, tensor.data(), start, len);
        repairs.incrementAndGet();
        return true;
    }

    /**
     * Starts (or re-times) the background pass: one {@link #verifyAll} every {@code period}, on a daemon
     * thread. A zero period stops it.
     */
    public synchronized void start(Duration period) {
        Thread old = background;
        if (old != null) {
            background = null;
            old.interrupt();
        }
        if (period.isZero() || closed) {
            return;
        }
        long millis = Math.max(1, period.toMillis());
        Thread t = new Thread(() -> {
            while (!closed && background == Thread.currentThread()) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                verifyAll();
            }
        }, "radinfer-scrubber");
        t.setDaemon(true);
        background = t;
        t.start();
    }

    /** Completed passes over all weights. */
    public long passes() {
        return passes.get();
    }

    public long regionsChecked() {
        return regionsChecked.get();
    }

    /** Regions found corrupt and restored. */
    public long repairs() {
        return repairs.get();
    }

    /** Corrupt regions that could not be restored (the golden copy was unreadable or failed its CRC too). */
    public long failedRepairs() {
        return failedRepairs.get();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = background;
        background = null;
        if (t != null) {
            t.interrupt();
        }
    }
}
