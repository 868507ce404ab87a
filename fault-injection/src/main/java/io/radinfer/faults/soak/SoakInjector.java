package io.radinfer.faults.soak;

import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.MemorySite;
import io.radinfer.runtime.inject.OpSite;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Injects single-bit upsets at a mean rate per token position into the four soak targets through the runtime's
 * {@link FaultInjector} seams. At-rest faults (weights, KV cache) are planted in {@link #beforeForward}; transient
 * ones (activations, kernel outputs) are scheduled there for a random op execution of the pass, counted from the
 * number of executions the previous pass had, and planted when that execution comes (a pass that ends earlier drops
 * them; only planted faults are counted). Counts are per target. Not for concurrent use by several sessions.
 */
final class SoakInjector implements FaultInjector {
    private static final int MAX_PENDING = 256;
    private static final SoakTarget[] ALL = SoakTarget.values();

    private final double rate;
    private final SoakTarget[] targets;
    private final SplittableRandom rng;
    private final AtomicLongArray injected = new AtomicLongArray(ALL.length);
    private boolean enabled = true;
    /** The faults of the current generation, kept as text only when asked (an SDC): up to {@link #LOG} of them. */
    private static final int LOG = 32;
    private final SoakTarget[] logTarget = new SoakTarget[LOG];
    private final String[] logWhere = new String[LOG];
    private final long[] logA = new long[LOG];
    private final int[] logBit = new int[LOG];
    private int logged;
    private int loggedTotal;

    /** Executions of {@link #afterKernel} / {@link #atRest} seen in this pass and in the last one. */
    private int kernelCalls;
    private int restCalls;
    private int lastKernelCalls = 64;
    private int lastRestCalls = 64;
    /** Scheduled execution indices of this pass's transient faults (unsorted; small). */
    private final int[] kernelAt = new int[MAX_PENDING];
    private final int[] restAt = new int[MAX_PENDING];
    private int kernelPending;
    private int restPending;

    /** Weights by cumulative byte size, for choosing a byte uniformly over all of them. */
    private List<Tensor> weights;
    private List<float[]> vectors;
    private long[] cumulative;

    SoakInjector(double rate, java.util.Set<SoakTarget> targets, long seed) {
        this.rate = rate;
        this.targets = targets.stream().sorted().toArray(SoakTarget[]::new);
        this.rng = new SplittableRandom(seed);
    }

    /** Turns injection on or off (off while the engine checks determinism). */
    void enabled(boolean on) {
        enabled = on;
    }

    /** Forgets the fault log; called when a generation starts. */
    void startGeneration() {
        logged = 0;
        loggedTotal = 0;
    }

    /** The faults planted since {@link #startGeneration()}, one short description each. */
    java.util.List<String> generationFaults() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < logged; i++) {
            out.add(logTarget[i].cliName() + " " + logWhere[i] + (logA[i] >= 0 ? " @" + logA[i] : "") + " bit " + logBit[i]);
        }
        if (loggedTotal > logged) {
            out.add("... " + (loggedTotal - logged) + " more");
        }
        return out;
    }

    private void log(SoakTarget t, String where, long a, int bit) {
        loggedTotal++;
        if (logged < LOG) {
            logTarget[logged] = t;
            logWhere[logged] = where;
            logA[logged] = a;
            logBit[logged] = bit;
            logged++;
        }
    }

    long injected(SoakTarget t) {
        return injected.get(t.ordinal());
    }

    long injectedTotal() {
        long s = 0;
        for (int i = 0; i < ALL.length; i++) {
            s += injected.get(i);
        }
        return s;
    }

    @Override
    public void beforeForward(int position, int batch, MemorySite memory) {
        if (kernelCalls > 0) {
            lastKernelCalls = kernelCalls;
        }
        if (restCalls > 0) {
            lastRestCalls = restCalls;
        }
        kernelCalls = 0;
        restCalls = 0;
        kernelPending = 0;
        restPending = 0;
        if (!enabled || rate == 0) {
            return;
        }
        int k = poisson(rate * batch);
        for (int i = 0; i < k; i++) {
            SoakTarget t = targets[rng.nextInt(targets.length)];
            switch (t) {
                case WEIGHTS -> flipWeight(memory);
                case KV_CACHE -> {
                    if (memory.filled() > 0) {
                        flipCache(memory.cache(), memory.filled());
                    } // else: nothing in the cache yet at a sequence's first pass; the fault is dropped, not counted
                }
                case KERNEL_OUTPUTS -> {
                    if (kernelPending < MAX_PENDING) {
                        kernelAt[kernelPending++] = rng.nextInt(lastKernelCalls);
                    }
                }
                case ACTIVATIONS -> {
                    if (restPending < MAX_PENDING) {
                        restAt[restPending++] = rng.nextInt(lastRestCalls);
                    }
                }
            }
        }
    }

    @Override
    public void afterKernel(OpSite site) {
        int call = kernelCalls++;
        for (int i = 0; i < kernelPending; i++) {
            if (kernelAt[i] == call) {
                kernelAt[i] = -1;
                if (site.length() > 0) {
                    int bit = rng.nextInt(32);
                    if (site.accumulatorsPerRow() > 0 && rng.nextBoolean()) {
                        site.flipAccumulatorBit(rng.nextInt(site.length()), rng.nextInt(site.accumulatorsPerRow()), bit);
                        log(SoakTarget.KERNEL_OUTPUTS, site.op().cliName() + "[" + site.layer() + "] exec "
                                + site.execution() + " accumulator", -1, bit);
                    } else {
                        site.flipOutputBit(rng.nextInt(site.length()), bit);
                        log(SoakTarget.KERNEL_OUTPUTS, site.op().cliName() + "[" + site.layer() + "] exec "
                                + site.execution() + " output", -1, bit);
                    }
                    injected.incrementAndGet(SoakTarget.KERNEL_OUTPUTS.ordinal());
                }
            }
        }
    }

    @Override
    public void atRest(OpSite site) {
        int call = restCalls++;
        for (int i = 0; i < restPending; i++) {
            if (restAt[i] == call) {
                restAt[i] = -1;
                if (site.length() > 0) {
                    int bit = rng.nextInt(32);
                    site.flipOutputBit(rng.nextInt(site.length()), bit);
                    log(SoakTarget.ACTIVATIONS, site.op().cliName() + "[" + site.layer() + "] output", -1, bit);
                    injected.incrementAndGet(SoakTarget.ACTIVATIONS.ordinal());
                }
            }
        }
    }

    private void flipWeight(MemorySite memory) {
        if (weights != memory.weights()) {
            weights = memory.weights();
            vectors = memory.vectors();
            cumulative = new long[weights.size() + vectors.size()];
            long sum = 0;
            for (int i = 0; i < weights.size(); i++) {
                sum += weights.get(i).byteSize();
                cumulative[i] = sum;
            }
            for (int i = 0; i < vectors.size(); i++) {
                sum += 4L * vectors.get(i).length;
                cumulative[weights.size() + i] = sum;
            }
        }
        long total = cumulative[cumulative.length - 1];
        long at = rng.nextLong(total);
        int idx = java.util.Arrays.binarySearch(cumulative, at + 1);
        if (idx < 0) {
            idx = -idx - 1;
        }
        long base = idx == 0 ? 0 : cumulative[idx - 1];
        long off = at - base;
        int bit = rng.nextInt(8);
        if (idx < weights.size()) {
            Tensor t = weights.get(idx);
            MemorySegment data = t.data();
            data.set(ValueLayout.JAVA_BYTE, off, (byte) (data.get(ValueLayout.JAVA_BYTE, off) ^ (1 << bit)));
            long blockBytes = t.type().rowBytes(t.type().blockSize());
            log(SoakTarget.WEIGHTS, t.name() + " (" + t.type() + ", byte " + (off % blockBytes) + " of its block)", off,
                    bit);
        } else {
            float[] v = vectors.get(idx - weights.size());
            int i = (int) (off / 4);
            int b = (int) (off % 4) * 8 + bit;
            v[i] = Float.intBitsToFloat(Float.floatToRawIntBits(v[i]) ^ (1 << b));
            log(SoakTarget.WEIGHTS, "norm/bias vector " + (idx - weights.size()) + " float " + i, -1, b);
        }
        injected.incrementAndGet(SoakTarget.WEIGHTS.ordinal());
    }

    private void flipCache(KvCache cache, int filled) {
        int layer = rng.nextInt(cache.layers());
        int pos = rng.nextInt(filled);
        int i = rng.nextInt(cache.kvDim());
        MemorySegment seg = rng.nextBoolean() ? cache.keys() : cache.values();
        long byteOff = cache.index(layer, pos, i) * cache.elementBytes() + rng.nextInt(cache.elementBytes());
        int bit = rng.nextInt(8);
        seg.set(ValueLayout.JAVA_BYTE, byteOff, (byte) (seg.get(ValueLayout.JAVA_BYTE, byteOff) ^ (1 << bit)));
        log(SoakTarget.KV_CACHE, (seg == cache.keys() ? "key" : "value") + " layer " + layer + " pos " + pos + " byte "
                + (byteOff % cache.elementBytes()) + " of its element", -1, bit);
        injected.incrementAndGet(SoakTarget.KV_CACHE.ordinal());
    }

    /** A Poisson variate (Knuth's method; the means here are small). */
    private int poisson(double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    private double gaussian() {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
