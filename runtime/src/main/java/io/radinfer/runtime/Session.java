package io.radinfer.runtime;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.parallel.ParallelKernels;
import io.radinfer.kernels.parallel.WorkerPool;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.Transformer;
import io.radinfer.runtime.protect.ProtectedOps;
import io.radinfer.runtime.protect.ProtectionMode;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionStats;
import io.radinfer.runtime.protect.ReplayRequest;
import io.radinfer.runtime.protect.UncorrectableFaultException;
import io.radinfer.runtime.protect.WeightScrubber;
import io.radinfer.runtime.sample.Sampler;

import java.lang.foreign.Arena;
import java.util.Arrays;

/**
 * One conversation with a {@link Model}: its KV cache, activation buffers, worker threads and counters.
 * Positions advance with every token fed; {@link #reset()} starts over.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("model.gguf"));
 *      Session s = model.newSession(SessionOptions.defaults().withThreads(2))) {
 *     int[] prompt = model.tokenizer().encode("Once upon a time", true, false);
 *     s.generate(prompt, 64, Samplers.runC(0.8f, 0.9f, 42, model.config().vocab()),
 *             (token, pos) -> { System.out.print(model.tokenizer().tokenText(token)); return true; });
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one caller at a time. After warm-up, decoding a token allocates nothing.
 */
public final class Session implements AutoCloseable {
    private final Model model;
    private final SessionOptions options;
    private final Arena arena;
    private final WorkerPool pool;
    private final Transformer transformer;
    private final ProtectedOps ops;
    private final ProtectionStats protection;
    private final WeightScrubber scrubber;
    private final int[] history;
    /** Per position: how many positions the forward pass that began there fed (0 inside a pass). */
    private final int[] passLength;
    private final int vocab;
    private final float[] next;
    private final int[] one = new int[1];
    private int pos;

    private long promptTokens;
    private long prefillNanos;
    private long generatedTokens;
    private long decodeNanos;
    private long replays;

    Session(Model model, SessionOptions options) {
        this.model = model;
        this.options = options;
        int ctx = options.contextLength() == 0 ? model.config().contextLength() : options.contextLength();
        checkContextFits(model.config(), ctx, options.kvCacheType(), options.contextLength() == 0);
        this.arena = Arena.ofShared();
        this.pool = new WorkerPool(options.threads());
        ProtectionPolicy policy = options.protection();
        boolean checked = policy.uses(ProtectionMode.CHECKSUM) || policy.uses(ProtectionMode.DMR)
                || policy.uses(ProtectionMode.TMR);
        this.scrubber = checked || !policy.scrubPeriod().isZero() ? model.scrubber() : null;
        if (scrubber != null && !policy.scrubPeriod().isZero()) {
            scrubber.start(policy.scrubPeriod());
        }
        this.protection = new ProtectionStats(model.config().layers());
        this.ops = new ProtectedOps(model.config(), model.weights(), new ParallelKernels(model.kernels(), pool), policy,
                protection, checked ? model.checksums() : java.util.Map.of(), scrubber, options.injector(),
                options.prefillBatch());
        this.transformer = new Transformer(model.config(), model.weights(), ops, options.kvCacheType(), ctx,
                options.prefillBatch(), options.integerPath(), arena);
        ops.attach(transformer.cache());
        this.history = new int[ctx];
        this.passLength = new int[ctx];
        this.vocab = model.config().vocab();
        this.next = new float[vocab];
    }

    /**
     * Refuses a context whose KV cache would not fit in this machine's memory, or whose per-position heap arrays
     * (token history, RoPE tables, KV checksums) would not fit in half the heap, before anything is allocated: the
     * context length usually comes from the model file, and a corrupt or hostile one must not take the process down.
     */
    static void checkContextFits(LlamaConfig c, int ctx, GgmlType kvType, boolean fromModel) {
        double kvBytes = 2.0 * c.layers() * ctx * c.kvDim() * (kvType == GgmlType.F32 ? 4 : 2);
        double heapBytes = (double) ctx * (4.0 + 4.0 * c.headSize() + 8.0 * c.layers() * c.kvHeads() + 4.0 * c.heads());
        long physical = physicalMemory();
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (kvBytes > physical || heapBytes > maxHeap / 2.0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "a context of %d positions "
                    + "(%s) needs %.3g GB of KV cache and %.3g GB of heap; this machine has %.3g GB of memory and a %.3g "
                    + "GB heap: open the session with a smaller context length (SessionOptions.withContextLength)",
                    ctx, fromModel ? "the model's context_length" : "as asked", kvBytes / 1e9, heapBytes / 1e9,
                    physical / 1e9, maxHeap / 1e9));
        }
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE;
    }

    public Model model() {
        return model;
    }

    public SessionOptions options() {
        return options;
    }

    /** The next position to be filled (the number of tokens fed so far). */
    public int position() {
        return pos;
    }

    /** The number of positions this session's KV cache holds. */
    public int contextLength() {
        return transformer.cache().seqLen();
    }

    /** Forgets all tokens fed so far (the KV cache is overwritten from position 0). */
    public void reset() {
        pos = 0;
    }

    /**
     * Feeds one token at the next position and returns the logits for the token after it. The returned
     * array ({@code vocab} values) is owned by the session and overwritten by the next call.
     */
    public float[] forward(int token) {
        long t0 = System.nanoTime();
        one[0] = token;
        float[] l = run(one, 0, 1, false);
        System.arraycopy(l, 0, next, 0, vocab);
        pos++;
        generatedTokens++;
        decodeNanos += System.nanoTime() - t0;
        return next;
    }

    /**
     * Feeds all {@code tokens} (matrix-matrix, in chunks of {@link SessionOptions#prefillBatch()}) and
     * returns the logits after the last one (session-owned, as {@link #forward}).
     */
    public float[] prefill(int[] tokens) {
        return prefill(tokens, 0, tokens.length, null);
    }

    /**
     * Feeds {@code tokens} and writes the logits after every position to {@code out} ({@code tokens.length
     * * vocab} floats, row-major), as {@code radinfer logits} does.
     */
    public void logits(int[] tokens, float[] out) {
        if (out.length < (long) tokens.length * vocab) {
            throw new IllegalArgumentException("out holds " + out.length + " floats, needs " + (long) tokens.length * vocab);
        }
        prefill(tokens, 0, tokens.length, out);
    }

    private float[] prefill(int[] tokens, int off, int n, float[] all) {
        if (n < 1) {
            throw new IllegalArgumentException("prefill needs at least one token");
        }
        long t0 = System.nanoTime();
        int chunk = transformer.maxBatch();
        boolean allLogits = all != null;
        for (int done = 0; done < n; ) {
            int m = Math.min(chunk, n - done);
            float[] l = run(tokens, off + done, m, allLogits);
            if (allLogits) {
                System.arraycopy(l, 0, all, done * vocab, m * vocab);
            }
            if (done + m == n) {
                System.arraycopy(l, transformer.lastLogitsOffset(m, allLogits), next, 0, vocab);
            }
            pos += m;
            done += m;
        }
        promptTokens += n;
        prefillNanos += System.nanoTime() - t0;
        return next;
    }

    /**
     * One forward pass at the current position, replayed when the protection layer finds an input corrupted
     * (an activation: the pass again; the KV cache: every earlier position first, from the token history).
     */
    private float[] run(int[] tokens, int off, int n, boolean allLogits) {
        if (pos + n <= history.length) {
            System.arraycopy(tokens, off, history, pos, n);
            passLength[pos] = n;
            Arrays.fill(passLength, pos + 1, pos + n, 0);
        }
        int limit = ops.policy().maxAttempts();
        boolean rebuild = false;
        for (int attempt = 1; ; attempt++) {
            try {
                if (rebuild) {
                    rebuildCache();
                    rebuild = false;
                }
                float[] logits = transformer.forward(tokens, off, n, pos, allLogits);
                ops.verifyLogits(logits, (allLogits ? n : 1) * vocab);
                return logits;
            } catch (ReplayRequest r) {
                replays++;
                int layer = r.layer();
                var op = r.op();
                if (attempt >= limit) {
                    protection.add(layer, op, ProtectionStats.Event.UNCORRECTABLE);
                    throw new UncorrectableFaultException(layer, op, attempt,
                            r.scope() == ReplayRequest.Scope.SEQUENCE ? "the KV cache kept failing its checksums after rebuilding"
                                    : "an activation kept changing at rest");
                }
                rebuild |= r.scope() == ReplayRequest.Scope.SEQUENCE;
                protection.add(layer, op, ProtectionStats.Event.CORRECTED);
            }
        }
    }

    /**
     * Recomputes the KV cache of positions {@code 0 .. pos-1}, from the pass that holds the first damaged one,
     * from the token history, in the same passes as they were first computed (a prompt chunk as one
     * matrix-matrix pass, a decoded token alone): a batched pass rounds differently from one-at-a-time passes,
     * so any other grouping would rebuild a cache that differs in the last bits from the one a fault-free run
     * has, and the tokens after it could differ too.
     */
    private void rebuildCache() {
        // From the start of the pass that holds the first damaged position: the positions before it are intact
        // and their passes need not run again (at high fault rates this is what keeps a rebuild from meeting
        // new faults of its own).
        int damaged = ops.firstDamagedPosition(pos);
        int start = 0;
        while (start + Math.max(1, passLength[start]) <= damaged) {
            start += Math.max(1, passLength[start]);
        }
        for (int done = start; done < pos; ) {
            int m = Math.max(1, Math.min(passLength[done], pos - done));
            transformer.forward(history, done, m, done, false);
            done += m;
        }
    }

    /**
     * Generates after {@code prompt} as llama2.c's {@code run.c} does: the prompt is fed (prefill), then
     * tokens are sampled one at a time until {@code steps} positions are filled in total (prompt included)
     * or the model emits its BOS or EOS token (which is not reported). Starts from the current position;
     * call {@link #reset()} first for a fresh sequence.
     *
     * @return the number of tokens generated
     */
    public int generate(int[] prompt, int steps, Sampler sampler, TokenListener listener) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt needs at least one token (e.g. BOS)");
        }
        int limit = Math.min(steps, contextLength());
        if (pos + prompt.length > limit) {
            throw new IllegalArgumentException("the prompt (" + prompt.length + " tokens from position " + pos
                    + ") does not fit in " + limit + " steps");
        }
        float[] logits = prefill(prompt);
        int produced = 0;
        while (true) {
            int token = sampler.sample(logits, vocab);
            if (token == model.bos() || token == model.eos()) {
                break;
            }
            produced++;
            if (!listener.onToken(token, pos - 1) || pos >= limit) {
                break;
            }
            logits = forward(token);
        }
        return produced;
    }

    /** A snapshot of this session's counters. */
    public SessionStats stats() {
        return new SessionStats(promptTokens, prefillNanos, generatedTokens, decodeNanos,
                protection.total(ProtectionStats.Event.DETECTED), protection.total(ProtectionStats.Event.CORRECTED),
                protection.total(ProtectionStats.Event.RECOMPUTED), protection.total(ProtectionStats.Event.UNCORRECTABLE),
                replays, scrubber == null ? 0 : scrubber.passes(), scrubber == null ? 0 : scrubber.repairs(),
                scrubber == null ? 0 : scrubber.failedRepairs());
    }

    /** The live per-layer, per-op protection counters. */
    public ProtectionStats protectionStats() {
        return protection;
    }

    @Override
    public void close() {
        ops.close();
        pool.close();
        arena.close();
    }
}
