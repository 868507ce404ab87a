package io.radinfer.kernels.ops;

import io.radinfer.kernels.tensor.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Off-heap key and value cache for all layers of one session, in f32 or f16.
 *
 * <p>Layout: {@code [layer][position][kvDim]} for keys and, separately, for values. Element
 * {@code (layer, pos, i)} sits at index {@link #index(int, int, int)}.
 */
public final class KvCache {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort F16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GgmlType type;
    private final int layers;
    private final int seqLen;
    private final int kvDim;
    private final MemorySegment keys;
    private final MemorySegment values;

    /**
     * @param type {@link GgmlType#F32} or {@link GgmlType#F16}
     */
    public KvCache(GgmlType type, int layers, int seqLen, int kvDim, Arena arena) {
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new IllegalArgumentException("KV cache type must be F32 or F16, got " + type);
        }
        if (layers <= 0 || seqLen <= 0 || kvDim <= 0) {
            throw new IllegalArgumentException(
                    "KV cache needs positive sizes, got layers=" + layers + " seqLen=" + seqLen + " kvDim=" + kvDim);
        }
        this.type = type;
        this.layers = layers;
        this.seqLen = seqLen;
        this.kvDim = kvDim;
        long bytes = Math.multiplyExact(Math.multiplyExact((long) layers * seqLen, kvDim), type == GgmlType.F32 ? 4L : 2L);
        this.keys = arena.allocate(bytes, 64);
        this.values = arena.allocate(bytes, 64);
    }

    public GgmlType type() {
        return type;
    }

    public int layers() {
        return layers;
    }

    public int seqLen() {
        return seqLen;
    }

    public int kvDim() {
        return kvDim;
    }

    public MemorySegment keys() {
        return keys;
    }

    public MemorySegment values() {
        return values;
    }

    /** Element index of {@code (layer, pos, i)} in either segment. */
    public long index(int layer, int pos, int i) {
        return ((long) layer * seqLen + pos) * kvDim + i;
    }

    /** Bytes per element (4 or 2). */
    public int elementBytes() {
        return type == GgmlType.F32 ? 4 : 2;
    }

    /** Stores the {@code kvDim} values of {@code k} and {@code v} (from the given offsets) at {@code (layer, pos)}. */
    public void write(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        long base = index(layer, pos, 0);
        if (type == GgmlType.F32) {
            for (int i = 0; i < kvDim; i++) {
                keys.setAtIndex(F32, base + i, k[kOff + i]);
                values.setAtIndex(F32, base + i, v[vOff + i]);
            }
        } else {
            for (int i = 0; i < kvDim; i++) {
                keys.setAtIndex(F16, base + i, Float.floatToFloat16(k[kOff + i]));
                values.setAtIndex(F16, base + i, Float.floatToFloat16(v[vOff + i]));
            }
        }
    }

    public float key(int layer, int pos, int i) {
        return read(keys, index(layer, pos, i));
    }

    public float value(int layer, int pos, int i) {
        return read(values, index(layer, pos, i));
    }

    private float read(MemorySegment s, long idx) {
        return type == GgmlType.F32 ? s.getAtIndex(F32, idx) : Float.float16ToFloat(s.getAtIndex(F16, idx));
    }
}
