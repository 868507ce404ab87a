package io.radinfer.runtime.protect;

import io.radinfer.kernels.ops.Kernels;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.parallel.RangeTask;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.Codec;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.MemorySite;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.model.ForwardOps;
import io.radinfer.runtime.model.LayerWeights;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.LlamaWeights;
import io.radinfer.runtime.model.OpKind;
import io.radinfer.runtime.protect.ProtectionStats.Event;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The forward ops under a {@link ProtectionPolicy}, with the fault-injection seams. Per op and layer:
 * <ul>
 *   <li>{@code NONE}: the kernel once;</li>
 *   <li>{@code CHECKSUM}: the matrix ops and attention run their checksum-fused kernels and are checked
 *       against column checksums of the golden weights (integer path: exactly; float path: within the
 *       rounding bound of docs/protection.md) or, for attention, against the KV cache's checksums; a failed
 *       check is recomputed; one that keeps failing has its weights scrubbed (or, for attention, the
 *       sequence replayed) before the last attempts. Elementwise ops have no checksum and run as DMR;</li>
 *   <li>{@code DMR}: two executions compared bitwise (checksummed ops also check each), a third to break a
 *       disagreement, then a bitwise majority;</li>
 *   <li>{@code TMR}: three executions and a bitwise majority vote (temporal, or spatial on three
 *       threads for the matrix ops).</li>
 * </ul>
 * Under any protected mode the op's output is recorded by a guard and verified by the next protected op
 * that reads it, so an upset in an activation buffer at rest is caught ({@link ReplayRequest}); the norm
 * weights and biases are compared with their golden copies before use, and embedding rows with their
 * CRCs. Replicas read their inputs through a volatile field and write separate buffers, so the JIT cannot
 * fold them into one computation.
 *
 * <p>No allocation per call. Not thread-safe: one per session.
 */
public final class ProtectedOps implements ForwardOps {
    private static final double U = 0x1p-24;

    private final LlamaConfig c;
    private final ParallelKernels p;
    private final Kernels k;
    private final ProtectionMode[][] modes;
    private final ProtectionPolicy policy;
    private final int maxAttempts;
    private final ProtectionStats stats;
    private final Map<Tensor, TensorChecksums> checksums;
    private final WeightScrubber scrubber;
    private final FaultInjector injector;
    private final Guards guards;
    private final ReplayRequest replay = new ReplayRequest();
    private final Site site = new Site();
    private final Memory memory;

    // Golden copies of the small f32 weights and the embedding rows' CRCs.
    private final Map<float[], float[]> vectorGolden = new IdentityHashMap<>();
    private final Map<float[], Integer> vectorSums = new IdentityHashMap<>();
    private final int[] embedRowCrc;
    private final ByteBuffer embedView;
    private final CRC32C crc = new CRC32C();

    // Replica outputs, inputs saved for in-place ops, and per-replica checks.
    private final float[][] slot = new float[3][];
    private final float[] saved;
    private final int[][] accs;
    private final float[][] attnChecks;
    private final Q8Activations q8twin;
    private int xqSum;
    private Q8Activations xqGuarded;
    private int xqGuardOff;
    private int xqGuardLen;

    private KvChecksums kv;
    private KvCache kvCache;
    private int position;
    private int batch;
    private volatile Object opaque;

    private final ProductExec product;
    private final AttentionExec attention;
    private final NormExec norm;
    private final InPlaceExec inPlace;
    private final EmbedExec embed;
    private final Spatial spatial;

    /**
     * @param checksums column checksums of every weight matrix (may be empty if no op uses CHECKSUM, DMR or TMR)
     * @param scrubber the model's scrubber, or {@code null}
     * @param injector a fault injector, or {@code null}
     */
    public ProtectedOps(LlamaConfig config, LlamaWeights weights, ParallelKernels parallel, ProtectionPolicy policy,
            ProtectionStats stats, Map<Tensor, TensorChecksums> checksums, WeightScrubber scrubber,
            FaultInjector injector, int maxBatch) {
        this.c = config;
        this.p = parallel;
        this.k = parallel.kernels();
        this.policy = policy;
        this.modes = policy.resolve(config.layers());
        this.maxAttempts = policy.maxAttempts();
        this.stats = stats;
        this.checksums = checksums;
        this.scrubber = scrubber;
        this.injector = injector;
        int widest = Math.max(Math.max(config.dim(), config.hiddenDim()), config.vocab());
        for (int i = 0; i < 3; i++) {
            slot[i] = new float[maxBatch * widest];
        }
        this.saved = new float[maxBatch * widest];
        this.accs = new int[3][maxBatch];
        this.attnChecks = new float[3][config.heads() * Kernels.ATTENTION_CHECKS];
        this.q8twin = new Q8Activations(maxBatch * ((Math.max(config.dim(), config.hiddenDim()) + 31) / 32 * 32));
        // One record per row of each live activation buffer (x, xb, q, k, v, xb2, hb, hb2, logits).
        this.guards = new Guards(k, 10 * maxBatch + 32);
        List<float[]> vectors = new ArrayList<>();
        vectors.add(weights.outputNorm());
        for (LayerWeights l : weights.layers()) {
            vectors.add(l.attnNorm());
            vectors.add(l.ffnNorm());
            if (l.bq() != null) {
                vectors.add(l.bq());
                vectors.add(l.bk());
                vectors.add(l.bv());
            }
        }
        for (float[] v : vectors) {
            vectorGolden.put(v, v.clone());
            vectorSums.put(v, CheckedDot.bitSum(v, 0, v.length));
        }
        Tensor e = weights.tokenEmbedding();
        this.embedView = e.data().asByteBuffer();
        this.embedRowCrc = new int[e.rows()];
        for (int r = 0; r < e.rows(); r++) {
            embedRowCrc[r] = rowCrc(r, e.rowBytes());
        }
        this.memory = new Memory(weights.matrices(), List.copyOf(vectors));
        this.spatial = policy.tmrStyle() == ProtectionPolicy.TmrStyle.SPATIAL && policy.uses(ProtectionMode.TMR)
                ? new Spatial() : null;
        this.product = new ProductExec();
        this.attention = new AttentionExec();
        this.norm = new NormExec();
        this.inPlace = new InPlaceExec();
        this.embed = new EmbedExec();
    }

    /** Computes the checksums of every weight matrix of {@code w} (one pass over the weights). */
    public static Map<Tensor, TensorChecksums> checksumsOf(LlamaWeights w) {
        Map<Tensor, TensorChecksums> m = new IdentityHashMap<>();
        for (Tensor t : w.matrices()) {
            m.put(t, TensorChecksums.of(t));
        }
        return m;
    }

    /** Binds the session's KV cache (once, before the first forward pass). */
    public void attach(KvCache cache) {
        this.kvCache = cache;
        this.kv = new KvChecksums(cache, c.kvHeads());
    }

    public ProtectionStats stats() {
        return stats;
    }

    /**
     * Where a rebuild of the KV cache has to start: the first of positions {@code 0 .. upTo-1} whose keys
     * or values no longer match the bit sums recorded when they were written (in any layer), or 0 when none
     * is found (the fault that asked for the rebuild is elsewhere, so everything is recomputed).
     */
    public int firstDamagedPosition(int upTo) {
        if (kv == null) {
            return 0;
        }
        int t = kv.firstDamaged(upTo);
        return t < upTo ? t : 0;
    }

    public ProtectionPolicy policy() {
        return policy;
    }

    private ProtectionMode mode(int layer, OpKind op) {
        return modes[layer + 1][op.ordinal()];
    }

    // ---------------------------------------------------------------- ForwardOps

    @Override
    public void beginForward(int position, int batch) {
        this.position = position;
        this.batch = batch;
        guards.clear();
        xqGuarded = null;
        if (injector != null) {
            memory.filled = position;
            injector.beforeForward(position, batch, memory);
        }
    }

    @Override
    public void embed(Tensor embedding, int token, float[] out, int off) {
        EmbedExec e = embed;
        e.set(-1, OpKind.EMBED, out, off, embedding.cols());
        e.table = embedding;
        e.token = token;
        ProtectionMode m = mode(-1, OpKind.EMBED);
        if (m != ProtectionMode.NONE && rowCrc(token, embedding.rowBytes()) != embedRowCrc[token]) {
            stats.add(-1, OpKind.EMBED, Event.DETECTED);
            scrub(embedding);
            if (rowCrc(token, embedding.rowBytes()) != embedRowCrc[token]) {
                stats.add(-1, OpKind.EMBED, Event.UNCORRECTABLE);
                throw new UncorrectableFaultException(-1, OpKind.EMBED, 1,
                        "embedding row " + token + " fails its CRC and the scrubber could not restore it");
            }
            stats.add(-1, OpKind.EMBED, Event.CORRECTED);
        }
        run(e, m == ProtectionMode.CHECKSUM ? ProtectionMode.DMR : m);
    }

    @Override
    public void matvec(int layer, OpKind op, Tensor w, float[] x, int xOff, Q8Activations xq, int xqOff, float[] y) {
        ProtectionMode m = mode(layer, op);
        if (m != ProtectionMode.NONE) {
            verifyInput(layer, op, x, xOff, w.cols(), xq);
        }
        ProductExec e = product;
        e.set(layer, op, y, 0, w.rows());
        e.bind(w, x, xOff, xq, xqOff, 1, w.rows(), m != ProtectionMode.NONE);
        run(e, m);
        e.clear();
    }

    @Override
    public void matmul(int layer, OpKind op, Tensor w, float[] x, Q8Activations xq, int batch, float[] y, int yStride) {
        ProtectionMode m = mode(layer, op);
        if (m != ProtectionMode.NONE) {
            verifyInput(layer, op, x, 0, batch * w.cols(), xq);
        }
        ProductExec e = product;
        e.set(layer, op, y, 0, batch * yStride);
        e.row = yStride;
        e.bind(w, x, 0, xq, 0, batch, yStride, m != ProtectionMode.NONE);
        run(e, m);
        e.clear();
    }

    @Override
    public void quantize(int layer, OpKind op, float[] x, int xOff, int n, Q8Activations out, int outOff) {
        ProtectionMode m = mode(layer, op);
        if (m == ProtectionMode.NONE) {
            k.quantizeQ8(x, xOff, n, out, outOff);
            xqGuarded = null;
            return;
        }
        verifyInput(layer, op, x, xOff, n, null);
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            k.quantizeQ8(x, xOff, n, out, outOff);
            k.quantizeQ8((float[]) opaque(x), xOff, n, q8twin, outOff);
            if (sameQ8(out, q8twin, outOff, n)) {
                if (attempt > 0) {
                    stats.add(layer, op, Event.CORRECTED);
                }
                xqGuarded = out;
                xqGuardOff = outOff;
                xqGuardLen = n;
                xqSum = q8Sum(out, outOff, n);
                return;
            }
            if (attempt == 0) {
                stats.add(layer, op, Event.DETECTED);
            }
            stats.add(layer, op, Event.RECOMPUTED);
        }
        stats.add(layer, op, Event.UNCORRECTABLE);
        throw new UncorrectableFaultException(layer, op, maxAttempts, "the activation rounding to Q8 kept disagreeing");
    }

    @Override
    public void rmsnorm(int layer, OpKind op, float[] out, int outOff, float[] x, int xOff, float[] w, int n, float eps) {
        ProtectionMode m = mode(layer, op);
        if (m != ProtectionMode.NONE) {
            verifyInput(layer, op, x, xOff, n, null);
            verifyVector(layer, op, w);
        }
        NormExec e = norm;
        e.set(layer, op, out, outOff, n);
        e.x = x;
        e.xOff = xOff;
        e.w = w;
        e.eps = eps;
        run(e, m == ProtectionMode.CHECKSUM ? ProtectionMode.DMR : m);
        e.x = null;
        e.w = null;
    }

    @Override
    public void rope(int layer, float[] x, int off, int heads, int headSize, float[] cos, float[] sin, int tableOff,
            RopeLayout layout) {
        InPlaceExec e = inPlace;
        e.set(layer, OpKind.ROPE, x, off, heads * headSize);
        e.kind = InPlaceExec.ROPE;
        e.heads = heads;
        e.headSize = headSize;
        e.cos = cos;
        e.sin = sin;
        e.tableOff = tableOff;
        e.layout = layout;
        runInPlace(e);
    }

    @Override
    public void swiglu(int layer, float[] gate, float[] up, int n) {
        InPlaceExec e = inPlace;
        e.set(layer, OpKind.SWIGLU, gate, 0, n);
        e.row = n / batch;
        e.kind = InPlaceExec.SWIGLU;
        e.other = up;
        runInPlace(e);
    }

    @Override
    public void add(int layer, OpKind op, float[] x, float[] y, int n) {
        InPlaceExec e = inPlace;
        e.set(layer, op, x, 0, n);
        e.row = n / batch;
        e.kind = InPlaceExec.ADD;
        e.other = y;
        runInPlace(e);
    }

    @Override
    public void cacheWrite(int layer, KvCache cache, int pos, float[] kk, int kOff, float[] v, int vOff) {
        ProtectionMode m = mode(layer, OpKind.KV_WRITE);
        int kvDim = cache.kvDim();
        if (m != ProtectionMode.NONE) {
            verifyInput(layer, OpKind.KV_WRITE, kk, kOff, kvDim, null);
            verifyInput(layer, OpKind.KV_WRITE, v, vOff, kvDim, null);
        }
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            cache.write(layer, pos, kk, kOff, v, vOff);
            if (m == ProtectionMode.NONE || storedMatches(cache, layer, pos, kk, kOff, v, vOff)) {
                if (attempt > 0) {
                    stats.add(layer, OpKind.KV_WRITE, Event.CORRECTED);
                }
                if (kv != null && !kv.written(layer, pos)) {
                    // an earlier position changed at rest: rebuild the cache from the token history
                    stats.add(layer, OpKind.KV_WRITE, Event.DETECTED);
                    throw replay.set(ReplayRequest.Scope.SEQUENCE, layer, OpKind.KV_WRITE);
                }
                return;
            }
            if (attempt == 0) {
                stats.add(layer, OpKind.KV_WRITE, Event.DETECTED);
            }
            stats.add(layer, OpKind.KV_WRITE, Event.RECOMPUTED);
        }
        stats.add(layer, OpKind.KV_WRITE, Event.UNCORRECTABLE);
        throw new UncorrectableFaultException(layer, OpKind.KV_WRITE, maxAttempts, "the KV cache does not keep what is written");
    }

    @Override
    public void attention(int layer, float[] q, int qOff, KvCache cache, int pos, int heads, int kvHeads, int headSize,
            float[] out, int outOff) {
        ProtectionMode m = mode(layer, OpKind.ATTENTION);
        if (m != ProtectionMode.NONE) {
            verifyInput(layer, OpKind.ATTENTION, q, qOff, heads * headSize, null);
        }
        AttentionExec e = attention;
        e.set(layer, OpKind.ATTENTION, out, outOff, heads * headSize);
        e.q = q;
        e.qOff = qOff;
        e.cache = cache;
        e.pos = pos;
        e.checked = m != ProtectionMode.NONE && kv != null && cache == kvCache;
        run(e, m);
        e.q = null;
        e.cache = null;
    }

    /**
     * Verifies the classifier's accepted output ({@code logits[0 .. n)}, the buffer the forward pass returned)
     * just before the caller reads it: the last op's output has no next op to check its guard, so without
     * this an upset in the logits at rest would reach the sampler unseen. A mismatch is counted as detected
     * and asks for the pass again ({@link ReplayRequest}); under {@code NONE} nothing is checked.
     */
    public void verifyLogits(float[] logits, int n) {
        if (mode(-1, OpKind.CLASSIFIER) != ProtectionMode.NONE) {
            verifyInput(-1, OpKind.CLASSIFIER, logits, 0, n, null);
        }
    }

    // ---------------------------------------------------------------- the modes

    /** Runs an out-of-place op under {@code m} and leaves the accepted result in its output region. */
    private void run(Exec e, ProtectionMode m) {
        switch (m) {
            case NONE -> {
                e.compute(0, e.out, e.off);
                afterKernel(e, 0, e.out, e.off, 0);
                guards.drop(e.out, e.off, e.n);
                atRest(e);
            }
            case CHECKSUM -> {
                if (e.hasChecksum()) {
                    runChecksum(e);
                } else {
                    runRedundant(e, 2);
                }
            }
            case DMR -> runRedundant(e, 2);
            case TMR -> runRedundant(e, 3);
        }
    }

    private void runChecksum(Exec e) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            e.compute(0, e.out, e.off);
            afterKernel(e, attempt, e.out, e.off, 0);
            if (e.check(0, e.out, e.off)) {
                accept(e, attempt > 0);
                return;
            }
            failed(e, attempt);
        }
        giveUp(e);
    }

    /**
     * {@code copies} executions into separate buffers (the first into the output), each checked if the op
     * has checksums; agreement of the checked ones is accepted, a disagreement is settled by a vote over
     * three, failed executions are recomputed.
     */
    private void runRedundant(Exec e, int copies) {
        boolean corrected = false;
        int exec = 0;
        for (int round = 0; round < maxAttempts; round++) {
            boolean[] ok = e.ok;
            if (copies == 3 && spatial != null && e.spatialCapable()) {
                spatial.run(e, exec);
                for (int s = 0; s < 3; s++) {
                    afterKernel(e, exec + s, target(e, s), targetOff(e, s), s);
                    ok[s] = e.check(s, target(e, s), targetOff(e, s));
                }
                exec += 3;
            } else if (e.computeReplicas(copies)) {
                for (int s = 0; s < copies; s++) {
                    afterKernel(e, exec + s, target(e, s), targetOff(e, s), s);
                    ok[s] = e.check(s, target(e, s), targetOff(e, s));
                }
                exec += copies;
            } else {
                for (int s = 0; s < copies; s++) {
                    ok[s] = execute(e, s, exec++);
                }
            }
            int good = 0;
            for (int s = 0; s < copies; s++) {
                good += ok[s] ? 1 : 0;
            }
            if (copies == 2 && good == 2 && same(e, 0, 1)) {
                accept(e, corrected || round > 0);
                return;
            }
            if (copies == 3 && good == 3) {
                if (vote(e) > 0) {
                    stats.add(e.layer, e.op, Event.DETECTED);
                    corrected = true;
                }
                accept(e, corrected || round > 0);
                return;
            }
            // A disagreement or a failed check.
            if (!corrected && round == 0) {
                stats.add(e.layer, e.op, Event.DETECTED);
            }
            corrected = true;
            if (copies == 2) {
                if (good == 2) {
                    // Both pass their checks but differ (below checksum resolution, or no checksum): a third
                    // execution and a vote decide.
                    e.ok[2] = execute(e, 2, exec++);
                    stats.add(e.layer, e.op, Event.RECOMPUTED);
                    if (e.ok[2]) {
                        vote(e);
                        accept(e, true);
                        return;
                    }
                } else if (good == 1) {
                    if (!ok[0]) {
                        System.arraycopy(target(e, 1), targetOff(e, 1), e.out, e.off, e.n);
                    }
                    accept(e, true);
                    return;
                }
            } else if (good == 2) {
                int bad = !ok[0] ? 0 : !ok[1] ? 1 : 2;
                int src = bad == 0 ? 1 : 0;
                System.arraycopy(target(e, src), targetOff(e, src), target(e, bad), targetOff(e, bad), e.n);
                vote(e);
                accept(e, true);
                return;
            }
            stats.add(e.layer, e.op, Event.RECOMPUTED);
            if (round == maxAttempts - 2) {
                persistent(e);
            }
        }
        giveUp(e);
    }

    private boolean execute(Exec e, int s, int exec) {
        float[] dst = target(e, s);
        int off = targetOff(e, s);
        e.compute(s, dst, off);
        afterKernel(e, exec, dst, off, s);
        return e.check(s, dst, off);
    }

    private float[] target(Exec e, int s) {
        return s == 0 ? e.out : slot[s];
    }

    private int targetOff(Exec e, int s) {
        return s == 0 ? e.off : 0;
    }

    private boolean same(Exec e, int a, int b) {
        float[] x = target(e, a);
        float[] y = target(e, b);
        return k.sameBits(x, targetOff(e, a), y, targetOff(e, b), e.n);
    }

    /** Bitwise majority of the three executions into the output; returns the number of words that differed. */
    private int vote(Exec e) {
        float[] a = e.out;
        float[] b = slot[1];
        float[] d = slot[2];
        int off = e.off;
        int differing = 0;
        for (int i = 0; i < e.n; i++) {
            int x = Float.floatToRawIntBits(a[off + i]);
            int y = Float.floatToRawIntBits(b[i]);
            int z = Float.floatToRawIntBits(d[i]);
            if (x != y || y != z) {
                differing++;
                a[off + i] = Float.intBitsToFloat((x & y) | (x & z) | (y & z));
            }
        }
        return differing;
    }

    private void accept(Exec e, boolean corrected) {
        if (corrected) {
            stats.add(e.layer, e.op, Event.CORRECTED);
        }
        guards.record(e.out, e.off, e.n, e.row);
        atRest(e);
    }

    private void failed(Exec e, int attempt) {
        if (attempt == 0) {
            stats.add(e.layer, e.op, Event.DETECTED);
        }
        stats.add(e.layer, e.op, Event.RECOMPUTED);
        if (attempt == maxAttempts - 2) {
            persistent(e);
        }
    }

    /** A fault that survived a recompute: corrupt memory, not a transient. */
    private void persistent(Exec e) {
        if (e == attention) {
            stats.add(e.layer, e.op, Event.RECOMPUTED);
            throw replay.set(ReplayRequest.Scope.SEQUENCE, e.layer, e.op);
        }
        if (e == product) {
            scrub(product.w);
        }
    }

    /** Asks the scrubber to re-verify {@code w} and restore what no longer matches its CRCs. */
    private void scrub(Tensor w) {
        if (scrubber != null && scrubber.watches(w)) {
            scrubber.verify(w);
        }
    }

    private void giveUp(Exec e) {
        stats.add(e.layer, e.op, Event.UNCORRECTABLE);
        throw new UncorrectableFaultException(e.layer, e.op, maxAttempts, e.describeFailure());
    }

    private void runInPlace(InPlaceExec e) {
        ProtectionMode m = mode(e.layer, e.op);
        if (m != ProtectionMode.NONE) {
            verifyInput(e.layer, e.op, e.out, e.off, e.n, null);
            if (e.other != null) {
                verifyInput(e.layer, e.op, e.other, 0, e.n, null);
            }
            System.arraycopy(e.out, e.off, saved, 0, e.n);
        }
        e.savedValid = m != ProtectionMode.NONE;
        run(e, m == ProtectionMode.CHECKSUM ? ProtectionMode.DMR : m);
        e.other = null;
        e.cos = null;
        e.sin = null;
    }

    // ---------------------------------------------------------------- guards and injection

    private void verifyInput(int layer, OpKind op, float[] x, int off, int n, Q8Activations xq) {
        boolean ok = guards.verify(x, off, n);
        if (ok && xq != null && xq == xqGuarded) {
            ok = q8Sum(xq, xqGuardOff, xqGuardLen) == xqSum;
        }
        if (!ok) {
            stats.add(layer, op, Event.DETECTED);
            throw replay.set(ReplayRequest.Scope.FORWARD, layer, op);
        }
    }

    private void verifyVector(int layer, OpKind op, float[] w) {
        Integer expect = vectorSums.get(w);
        if (expect != null && k.bitSum(w, 0, w.length) != expect) {
            stats.add(layer, op, Event.DETECTED);
            float[] golden = vectorGolden.get(w);
            System.arraycopy(golden, 0, w, 0, w.length);
            stats.add(layer, op, Event.CORRECTED);
        }
    }

    private void afterKernel(Exec e, int execution, float[] dst, int off, int s) {
        if (injector != null) {
            site.bind(e, execution, dst, off, s);
            injector.afterKernel(site);
            site.clear();
        }
    }

    private void atRest(Exec e) {
        if (injector != null) {
            site.bind(e, 0, e.out, e.off, 0);
            injector.atRest(site);
            site.clear();
        }
    }

    private Object opaque(Object o) {
        opaque = o;
        return opaque;
    }

    /** Bit for bit over the region: values and block sums by {@code Arrays.mismatch} (exact for integers), scales as raw bits. */
    private boolean sameQ8(Q8Activations a, Q8Activations b, int off, int n) {
        int b0 = off / 32;
        int b1 = (off + n) / 32;
        return Arrays.mismatch(a.qs, off, off + n, b.qs, off, off + n) < 0
                && Arrays.mismatch(a.sums, b0, b1, b.sums, b0, b1) < 0
                && k.sameBits(a.d, b0, b.d, b0, b1 - b0);
    }

    /**
     * Wrapping sum of the values, scales' raw bits and block sums of {@code a}'s region {@code [off, off + n)}
     * (the region {@link #quantize} wrote; a flip in any of them changes it). Only that region: the buffer is
     * sized for the widest prefill batch, and summing all of it per matrix op cost a quarter of decode time.
     */
    private int q8Sum(Q8Activations a, int off, int n) {
        int s = k.byteSum(a.qs, off, n);
        float[] d = a.d;
        int[] sums = a.sums;
        int blocks = (n + Q8Activations.BLOCK - 1) / Q8Activations.BLOCK;
        for (int b = off / Q8Activations.BLOCK, e = b + blocks; b < e; b++) {
            s += Float.floatToRawIntBits(d[b]) * 31 + sums[b];
        }
        return s;
    }

    private static boolean storedMatches(KvCache cache, int layer, int pos, float[] kk, int kOff, float[] v, int vOff) {
        boolean f16 = cache.type() == GgmlType.F16;
        for (int i = 0; i < cache.kvDim(); i++) {
            float ke = f16 ? F16.round(kk[kOff + i]) : kk[kOff + i];
            float ve = f16 ? F16.round(v[vOff + i]) : v[vOff + i];
            if (Float.floatToRawIntBits(cache.key(layer, pos, i)) != Float.floatToRawIntBits(ke)
                    || Float.floatToRawIntBits(cache.value(layer, pos, i)) != Float.floatToRawIntBits(ve)) {
                return false;
            }
        }
        return true;
    }

    private int rowCrc(int row, long rowBytes) {
        ByteBuffer v = embedView;
        v.limit((int) ((row + 1) * rowBytes)).position((int) (row * rowBytes));
        crc.reset();
        crc.update(v);
        return (int) crc.getValue();
    }

    // ---------------------------------------------------------------- executions

    /** One op's computation, runnable into any buffer, with its check. */
    private abstract static class Exec {
        int layer;
        OpKind op;
        float[] out;
        int off;
        int n;
        /** Values per batch row of the output: the at-rest guard keeps one record per row. */
        int row;
        final boolean[] ok = new boolean[3];

        void set(int layer, OpKind op, float[] out, int off, int n) {
            this.layer = layer;
            this.op = op;
            this.out = out;
            this.off = off;
            this.n = n;
            this.row = n;
        }

        /** Runs the op, writing its {@code n} values to {@code dst[dstOff ..]}; {@code s} is the replica slot. */
        abstract void compute(int s, float[] dst, int dstOff);

        /** Whether slot {@code s}'s result (at {@code dst[dstOff ..]}) passes the op's checksums. */
        boolean check(int s, float[] dst, int dstOff) {
            return true;
        }

        boolean hasChecksum() {
            return false;
        }

        boolean spatialCapable() {
            return false;
        }

        /** Runs the op single-threaded into slot {@code s} (spatial TMR). */
        void computeDirect(int s, float[] dst, int dstOff) {
            compute(s, dst, dstOff);
        }

        /**
         * Runs replicas {@code 0 .. copies-1} into their slots in one pass over the weights, if this op can
         * (see {@link ParallelKernels#matvecQ8Replicas}); false if it cannot and each must be run on its own.
         */
        boolean computeReplicas(int copies) {
            return false;
        }

        int accumulatorsPerRow() {
            return 0;
        }

        void flipAccumulator(int s, float[] dst, int dstOff, int row, int block, int bit) {
            throw new UnsupportedOperationException(op.cliName() + " has no integer accumulators");
        }

        String describeFailure() {
            return "the executions kept disagreeing";
        }
    }

    /**
     * {@code Y = W X} for one activation vector (matvec, decode) or a batch (matmul, prefill), checked per
     * vector by the column checksums.
     */
    private final class ProductExec extends Exec {
        Tensor w;
        float[] x;
        int xOff;
        Q8Activations xq;
        int xqOff;
        int batchN;
        int yStride;
        boolean checked;
        TensorChecksums cs;
        boolean prepared;
        final int[] expectInt;
        final double[] expectSum;
        final double[] bound;

        /**
         * The expected checksums are a function of the input alone: the calling thread works them out while
         * the workers start on the product, rather than before or after it with the workers idle.
         */
        private final Runnable prepareAlongside = this::prepare;
        /** Per replica: the raw-bit sum of the output as the kernels wrote it ({@link ParallelKernels#outputBits}). */
        private final int[] outBits = new int[3];
        private final float[][] replicaOut = new float[3][];
        private final int[] replicaSums = new int[3];

        ProductExec() {
            expectInt = new int[accs[0].length];
            expectSum = new double[accs[0].length];
            bound = new double[accs[0].length];
        }

        void bind(Tensor w, float[] x, int xOff, Q8Activations xq, int xqOff, int batch, int yStride, boolean checked) {
            this.w = w;
            this.x = x;
            this.xOff = xOff;
            this.xq = xq;
            this.xqOff = xqOff;
            this.batchN = batch;
            this.yStride = yStride;
            this.checked = checked && checksums.containsKey(w);
            this.cs = this.checked ? checksums.get(w) : null;
            this.prepared = false;
        }

        void clear() {
            w = null;
            x = null;
            xq = null;
            cs = null;
        }

        @Override
        boolean hasChecksum() {
            return checked;
        }

        @Override
        boolean spatialCapable() {
            return batchN == 1;
        }

        @Override
        void compute(int s, float[] dst, int dstOff) {
            if (xq != null) {
                Q8Activations in = (Q8Activations) opaque(xq);
                if (batchN == 1 && checked) {
                    accs[s][0] = p.matvecQ8Checked(w, in, xqOff, dst, prepareAlongside);
                } else if (batchN == 1) {
                    p.matvecQ8(w, in, xqOff, dst);
                } else if (checked) {
                    p.matmulQ8Checked(w, in, batchN, dst, yStride, accs[s], prepareAlongside);
                } else {
                    p.matmulQ8(w, in, batchN, dst, yStride);
                }
            } else if (batchN == 1) {
                p.matvec(w, (float[]) opaque(x), xOff, dst);
            } else {
                p.matmul(w, (float[]) opaque(x), batchN, dst, yStride);
            }
            outBits[s] = p.outputBits(); // meaningful for the checked ops and the float path, which check() reads
        }

        @Override
        void computeDirect(int s, float[] dst, int dstOff) {
            if (xq != null) {
                if (checked) {
                    accs[s][0] = k.matvecQ8Checked(w, xq, xqOff, dst, 0, w.rows());
                } else {
                    k.matvecQ8(w, xq, xqOff, dst, 0, w.rows());
                }
            } else {
                k.matvec(w, x, xOff, dst, 0, w.rows());
            }
            outBits[s] = k.bitSum(dst, 0, w.rows());
        }

        @Override
        boolean computeReplicas(int copies) {
            if (batchN != 1 || xq == null) {
                return false;
            }
            float[][] ys = replicaOut;
            for (int s = 0; s < copies; s++) {
                ys[s] = target(this, s);
            }
            p.matvecQ8Replicas(w, (Q8Activations) opaque(xq), xqOff, ys, copies, checked ? replicaSums : null,
                    checked ? prepareAlongside : null);
            java.util.Arrays.fill(ys, null);
            for (int s = 0; s < copies; s++) {
                if (checked) {
                    accs[s][0] = replicaSums[s];
                }
                outBits[s] = p.replicaOutputBits(s);
            }
            return true;
        }

        /** The expected sums and their rounding bounds, once per op call (not per replica). */
        private void prepare() {
            if (prepared) {
                return;
            }
            double[] cSum = cs.colSum();
            double[] aSum = cs.colAbsSum();
            int cols = w.cols();
            boolean exactBlocks = xq != null && (w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0);
            int rounded = exactBlocks ? cols / Q8_0.BLOCK : cols;
            for (int b = 0; b < batchN; b++) {
                double sum = 0;
                double abs = 0;
                int qOff = xqOff + b * cols;
                if (xq != null) {
                    // per 32-value block: the block's scale times the sums over its int8 values
                    byte[] qs = xq.qs;
                    for (int j0 = 0; j0 < cols; j0 += Q8_0.BLOCK) {
                        // even and odd columns in separate sums: four independent chains, not two
                        double s0 = 0;
                        double s1 = 0;
                        double a0 = 0;
                        double a1 = 0;
                        int e = Math.min(cols, j0 + Q8_0.BLOCK);
                        int j = j0;
                        for (; j + 2 <= e; j += 2) {
                            int q0 = qs[qOff + j];
                            int q1 = qs[qOff + j + 1];
                            s0 += cSum[j] * q0;
                            s1 += cSum[j + 1] * q1;
                            a0 += aSum[j] * Math.abs(q0);
                            a1 += aSum[j + 1] * Math.abs(q1);
                        }
                        if (j < e) {
                            int q = qs[qOff + j];
                            s0 += cSum[j] * q;
                            a0 += aSum[j] * Math.abs(q);
                        }
                        double s = s0 + s1;
                        double a = a0 + a1;
                        double d = xq.d[(qOff + j0) >> 5];
                        sum += d * s;
                        abs += Math.abs(d) * a;
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        double xe = x[xOff + b * cols + j];
                        sum += cSum[j] * xe;
                        abs += aSum[j] * Math.abs(xe);
                    }
                }
                expectInt[b] = xq != null ? cs.expectedIntegerSum(xq, qOff) : 0;
                expectSum[b] = sum;
                // Any order of float products and sums of n terms is within gamma_{n+2} * sum|terms| of the exact
                // value (Higham 2002, eq. 3.5). On the float path n = cols. On the Q8_0/Q4_0 integer path the
                // block sums are exact integers and only the cols/32 scaled block terms are rounded (two roundings
                // each for the scaling, then the sum), so n = cols/32: a bound 30x tighter, which sees an upset
                // in a block's scale that the cols-term bound would hide.
                bound[b] = 2 * (rounded + 4) * U * abs + Double.MIN_NORMAL;
            }
            prepared = true;
        }

        @Override
        boolean check(int s, float[] dst, int dstOff) {
            if (!checked) {
                return true;
            }
            prepare();
            int bits = 0;
            int rows = w.rows();
            for (int b = 0; b < batchN; b++) {
                if (xq != null && accs[s][b] != expectInt[b]) {
                    return false;
                }
                int o = dstOff + b * yStride;
                bits += k.bitSum(dst, o, rows);
                // Four partial sums in double: the order does not matter at double precision (rows * 2^-53 of
                // sum |y|, far inside the bound), and four chains run four times as fast as one. A NaN or an
                // infinity among the values makes the sum non-finite (finite floats cannot overflow a double).
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    s0 += dst[o + r];
                    s1 += dst[o + r + 1];
                    s2 += dst[o + r + 2];
                    s3 += dst[o + r + 3];
                }
                for (; r < rows; r++) {
                    s0 += dst[o + r];
                }
                double sum = (s0 + s1) + (s2 + s3);
                if (!Double.isFinite(sum) || Math.abs(sum - expectSum[b]) > bound[b]) {
                    return false;
                }
            }
            // Exact: the output still holds what the kernels wrote (an upset since then, however small).
            return bits == outBits[s];
        }

        @Override
        int accumulatorsPerRow() {
            return xq != null && (w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0) ? w.cols() / 32 : 1;
        }

        /** {@code row} counts over the whole batch: batch vector {@code row / rows}, output row {@code row % rows}. */
        @Override
        void flipAccumulator(int s, float[] dst, int dstOff, int row, int block, int bit) {
            int b = row / w.rows();
            int r = row % w.rows();
            int yi = dstOff + b * yStride + r;
            if (xq == null) {
                // The float path's accumulator is the row's running sum, which ends as the output value.
                dst[yi] = Float.intBitsToFloat(Float.floatToRawIntBits(dst[yi]) ^ (1 << bit));
                return;
            }
            if (w.type() != GgmlType.Q8_0 && w.type() != GgmlType.Q4_0) {
                throw new UnsupportedOperationException("accumulator faults are modelled for Q8_0 and Q4_0 weights, not " + w.type());
            }
            long blk = r * w.rowBytes() + (long) block * w.type().blockBytes();
            int xi = xqOff + b * w.cols() + block * 32;
            int isum = w.type() == GgmlType.Q8_0 ? Q8_0.blockDotQ8(w.data(), blk, xq, xi) : Q4_0.blockDotQ8(w.data(), blk, xq, xi);
            int delta = (isum ^ (1 << bit)) - isum;
            dst[yi] += delta * (F16.get(w.data(), blk) * xq.d[xi >> 5]);
            accs[s][b] += delta;
        }

        @Override
        String describeFailure() {
            return w.name() + " x " + (batchN == 1 ? "one vector" : batchN + " vectors")
                    + " keeps failing its column checksums; the weights did not repair";
        }
    }

    /** Attention of one position, checked through the KV cache's checksums. */
    private final class AttentionExec extends Exec {
        /** Per replica: the raw-bit sum of the output as the kernels wrote it. */
        private final int[] outBits = new int[3];
        float[] q;
        int qOff;
        KvCache cache;
        int pos;
        boolean checked;

        @Override
        boolean hasChecksum() {
            return checked;
        }

        @Override
        boolean spatialCapable() {
            return true;
        }

        @Override
        void compute(int s, float[] dst, int dstOff) {
            float[] in = (float[]) opaque(q);
            if (checked) {
                p.attentionChecked(in, qOff, cache, layer, pos, c.heads(), c.kvHeads(), c.headSize(), dst, dstOff,
                        kv.vRows(layer), attnChecks[s]);
                outBits[s] = p.outputBits();
            } else {
                p.attention(in, qOff, cache, layer, pos, c.heads(), c.kvHeads(), c.headSize(), dst, dstOff);
            }
        }

        @Override
        void computeDirect(int s, float[] dst, int dstOff) {
            if (checked) {
                k.attentionChecked(q, qOff, cache, layer, pos, c.heads(), c.kvHeads(), c.headSize(), dst, dstOff, 0,
                        c.heads(), kv.vRows(layer), attnChecks[s]);
                outBits[s] = k.bitSum(dst, dstOff, c.heads() * c.headSize());
            } else {
                k.attention(q, qOff, cache, layer, pos, c.heads(), c.kvHeads(), c.headSize(), dst, dstOff, 0, c.heads());
            }
        }

        @Override
        boolean check(int s, float[] dst, int dstOff) {
            if (!checked) {
                return true;
            }
            int hs = c.headSize();
            int group = c.heads() / c.kvHeads();
            double scale = 1 / Math.sqrt(hs);
            double[] kSum = kv.kSum(layer);
            double[] kAbs = kv.kAbs(layer);
            float[] ch = attnChecks[s];
            int t = pos + 1;
            int keyBits = 0;
            int valueBits = 0;
            int bits = 0;
            for (int h = 0; h < c.heads(); h++) {
                int g = h / group;
                int base = h * Kernels.ATTENTION_CHECKS;
                if (h % group == 0) {
                    keyBits = kv.keyBits(layer, g, pos);
                    valueBits = kv.valueBits(layer, g, pos);
                }
                // Exact: every key and value bit the head read (no rounding bound can hide a low-bit flip).
                if (Kernels.getBits(ch, base + Kernels.CHECK_K_BITS) != keyBits
                        || Kernels.getBits(ch, base + Kernels.CHECK_V_BITS) != valueBits) {
                    return false;
                }
                double qk = 0;
                double qkAbs = 0;
                for (int i = 0; i < hs; i++) {
                    double qi = q[qOff + h * hs + i];
                    qk += qi * kSum[g * hs + i];
                    qkAbs += Math.abs(qi) * kAbs[g * hs + i];
                }
                double scoreBound = 2 * ((hs + 3) * U * scale * qkAbs + (t + 1) * U * ch[base + Kernels.CHECK_SCORE_ABS]);
                if (!(Math.abs(ch[base + Kernels.CHECK_SCORE_SUM] - scale * qk) <= scoreBound + Double.MIN_NORMAL)) {
                    return false;
                }
                float l = ch[base + Kernels.CHECK_NORM];
                if (!(l >= 1f && Float.isFinite(l))
                        || !(Math.abs(l - ch[base + Kernels.CHECK_NORM_TWIN]) <= 2 * (t + 1) * U * l)) {
                    return false;
                }
                float vAbs = ch[base + Kernels.CHECK_V_ABS];
                if (Float.isNaN(vAbs)) {
                    return false;
                }
                // As the product check: the raw bits by the kernel, the sum in double, non-finite exactly when
                // some value is (finite floats cannot overflow a double over one head).
                int oh = dstOff + h * hs;
                bits += k.bitSum(dst, oh, hs);
                double outSum = 0;
                for (int i = 0; i < hs; i++) {
                    outSum += dst[oh + i];
                }
                double vBound = 2 * (2 * t + 2 * hs + 4) * U * vAbs;
                if (!Double.isFinite(outSum)
                        || !(Math.abs(outSum - ch[base + Kernels.CHECK_V_SUM]) <= vBound + Double.MIN_NORMAL)) {
                    return false;
                }
            }
            // Exact: the output still holds what the kernels wrote (an upset since then, however small).
            return bits == outBits[s];
        }

        @Override
        String describeFailure() {
            return "attention at position " + pos + " keeps failing its KV checksums";
        }
    }

    private final class NormExec extends Exec {
        float[] x;
        int xOff;
        float[] w;
        float eps;

        @Override
        void compute(int s, float[] dst, int dstOff) {
            k.rmsnorm(dst, dstOff, (float[]) opaque(x), xOff, w, n, eps);
        }
    }

    private final class EmbedExec extends Exec {
        Tensor table;
        int token;

        @Override
        void compute(int s, float[] dst, int dstOff) {
            MemorySegment seg = ((Tensor) opaque(table)).data();
            Codec.dequantizeRow(table.type(), seg, token * table.rowBytes(), dst, dstOff, n);
        }
    }

    /** RoPE, SwiGLU and residual adds: in place, so every execution starts from the saved input. */
    private final class InPlaceExec extends Exec {
        static final int ROPE = 0;
        static final int SWIGLU = 1;
        static final int ADD = 2;
        int kind;
        boolean savedValid;
        float[] other;
        int heads;
        int headSize;
        float[] cos;
        float[] sin;
        int tableOff;
        RopeLayout layout;

        @Override
        void compute(int s, float[] dst, int dstOff) {
            if (savedValid) {
                System.arraycopy((float[]) opaque(saved), 0, dst, dstOff, n);
            }
            switch (kind) {
                case ROPE -> k.rope(dst, dstOff, 0, heads, headSize, cos, sin, tableOff, layout);
                case SWIGLU -> k.swiglu(dst, other, n);
                default -> k.add(dst, other, n);
            }
        }
    }

    // ---------------------------------------------------------------- spatial TMR

    /** Runs the three replicas of a matrix op at the same time, each single-threaded, on three threads. */
    private final class Spatial implements RangeTask {
        private final WorkerPool pool3 = new WorkerPool(3);
        private Exec e;

        void run(Exec e, int exec) {
            this.e = e;
            pool3.run(this, 3, 1);
            this.e = null;
        }

        @Override
        public void run(int start, int end) {
            for (int s = start; s < end; s++) {
                e.computeDirect(s, target(e, s), targetOff(e, s));
            }
        }
    }

    // ---------------------------------------------------------------- injection views

    private final class Site implements OpSite {
        private Exec e;
        private int execution;
        private float[] dst;
        private int dstOff;
        private int s;

        void bind(Exec e, int execution, float[] dst, int dstOff, int s) {
            this.e = e;
            this.execution = execution;
            this.dst = dst;
            this.dstOff = dstOff;
            this.s = s;
        }

        void clear() {
            e = null;
            dst = null;
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public int batch() {
            return batch;
        }

        @Override
        public int layer() {
            return e.layer;
        }

        @Override
        public OpKind op() {
            return e.op;
        }

        @Override
        public int execution() {
            return execution;
        }

        @Override
        public float[] output() {
            return dst;
        }

        @Override
        public int offset() {
            return dstOff;
        }

        @Override
        public int length() {
            return e.n;
        }

        @Override
        public int accumulatorsPerRow() {
            return e.accumulatorsPerRow();
        }

        @Override
        public void flipAccumulatorBit(int row, int block, int bit) {
            e.flipAccumulator(s, dst, dstOff, row, block, bit);
        }
    }

    private final class Memory implements MemorySite {
        private final List<Tensor> weights;
        private final List<float[]> vectors;
        int filled;

        Memory(List<Tensor> weights, List<float[]> vectors) {
            this.weights = List.copyOf(weights);
            this.vectors = vectors;
        }

        @Override
        public List<Tensor> weights() {
            return weights;
        }

        @Override
        public List<float[]> vectors() {
            return vectors;
        }

        @Override
        public KvCache cache() {
            return kvCache;
        }

        @Override
        public int filled() {
            return filled;
        }
    }

    /** Stops the spatial-TMR threads, if any. */
    public void close() {
        if (spatial != null) {
            spatial.pool3.close();
        }
    }
}
