package io.radinfer.runtime;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;

/**
 * How a {@link Session} runs. Immutable; start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * SessionOptions opts = SessionOptions.defaults().withThreads(2).withKvCacheType(GgmlType.F16);
 * }</pre>
 *
 * @param threads worker threads for the matrix ops and attention (1 runs everything on the caller)
 * @param contextLength positions the KV cache holds; 0 means the model's own context length
 * @param kvCacheType {@link GgmlType#F32} or {@link GgmlType#F16}
 * @param prefillBatch the most prompt positions one matrix-matrix pass takes
 * @param integerPath for quantized weights, round activations to Q8 and use integer dot products (as
 *     llama.cpp does); when false, quantized weights multiply f32 activations
 * @param protection which protection each op runs under
 * @param injector a fault injector (campaigns and tests), or {@code null}
 */
public record SessionOptions(int threads, int contextLength, GgmlType kvCacheType, int prefillBatch,
        boolean integerPath, ProtectionPolicy protection, FaultInjector injector) {

    public SessionOptions {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in 1..1024, got " + threads);
        }
        if (contextLength < 0) {
            throw new IllegalArgumentException("context length must be >= 0 (0 = the model's), got " + contextLength);
        }
        if (kvCacheType != GgmlType.F32 && kvCacheType != GgmlType.F16) {
            throw new IllegalArgumentException("KV cache type must be F32 or F16, got " + kvCacheType);
        }
        if (prefillBatch < 1 || prefillBatch > 4096) {
            throw new IllegalArgumentException("prefill batch must be in 1..4096, got " + prefillBatch);
        }
        if (protection == null) {
            throw new IllegalArgumentException("protection policy must not be null (use ProtectionPreset.NONE)");
        }
    }

    /** One thread, the model's context, an f32 cache, prefill in chunks of 64, the integer path, no protection. */
    public static SessionOptions defaults() {
        return new SessionOptions(1, 0, GgmlType.F32, 64, true, ProtectionPolicy.of(ProtectionPreset.NONE), null);
    }

    public SessionOptions withThreads(int n) {
        return new SessionOptions(n, contextLength, kvCacheType, prefillBatch, integerPath, protection, injector);
    }

    public SessionOptions withContextLength(int n) {
        return new SessionOptions(threads, n, kvCacheType, prefillBatch, integerPath, protection, injector);
    }

    public SessionOptions withKvCacheType(GgmlType t) {
        return new SessionOptions(threads, contextLength, t, prefillBatch, integerPath, protection, injector);
    }

    public SessionOptions withPrefillBatch(int n) {
        return new SessionOptions(threads, contextLength, kvCacheType, n, integerPath, protection, injector);
    }

    public SessionOptions withIntegerPath(boolean on) {
        return new SessionOptions(threads, contextLength, kvCacheType, prefillBatch, on, protection, injector);
    }

    public SessionOptions withProtection(ProtectionPolicy p) {
        return new SessionOptions(threads, contextLength, kvCacheType, prefillBatch, integerPath, p, injector);
    }

    /** Shorthand for {@code withProtection(ProtectionPolicy.of(preset))}. */
    public SessionOptions withProtection(ProtectionPreset preset) {
        return withProtection(ProtectionPolicy.of(preset));
    }

    public SessionOptions withInjector(FaultInjector i) {
        return new SessionOptions(threads, contextLength, kvCacheType, prefillBatch, integerPath, protection, i);
    }
}
