package io.radinfer.runtime.gguf;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.model.ModelFormatException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks the header, metadata and tensor infos of a GGUF v2/v3 file from its mapped bytes (ggml
 * docs/gguf.md). Everything read from the file is checked before it is used; see the package documentation for the
 * list of checks and limits.
 */
final class GgufParser {
    /** "GGUF" read as a little-endian uint32 (spec: bytes 0x47 0x47 0x55 0x46). */
    private static final int MAGIC = 0x46554747;
    static final long DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    /** Spec: a key is at most 2^16-1 bytes. */
    static final long MAX_KEY_BYTES = 65_535;
    /** Spec: a tensor name is at most 64 bytes. */
    static final long MAX_TENSOR_NAME_BYTES = 64;
    /**
     * Caps that keep the heap a hostile file can claim to a few hundred MB at worst, while leaving ample room above
     * the largest real metadata: tokenizer.huggingface.json of a few MB, vocabularies and merge lists of a few
     * hundred thousand entries, some tens of keys, and from hundreds to a few thousand tensors (llama.cpp models;
     * MoE models store their experts as 3-D tensors).
     */
    static final long MAX_STRING_BYTES = 64L << 20;
    static final int MAX_ARRAY_LENGTH = 1 << 22;
    static final int MAX_KEYS = 1 << 16;
    static final int MAX_TENSORS = 1 << 17;
    /** Nested arrays appear in no real model (llama.cpp rejects them); a small depth keeps recursion bounded. */
    static final int MAX_ARRAY_DEPTH = 8;
    /** GGML_MAX_DIMS in ggml.h. */
    static final int MAX_DIMS = 4;
    /** Fewest bytes of a metadata pair: key length, value type, a one-byte value. */
    private static final long MIN_KV_BYTES = 8 + 4 + 1;
    /** Fewest bytes of a tensor info: name length, n_dims, one dimension, type, offset. */
    private static final long MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;

    private final BoundedReader r;
    private final long size;

    private GgufParser(MemorySegment data, Path file) {
        this.r = new BoundedReader(data, file);
        this.size = data.byteSize();
    }

    static GgufHeader parse(MemorySegment data, Path file) throws ModelFormatException {
        return new GgufParser(data, file).parse();
    }

    private GgufHeader parse() throws ModelFormatException {
        int magic = r.i32("magic", -1);
        if (magic != MAGIC) {
            throw r.error(0, "magic", String.format("expected the bytes 'GGUF' (47 47 55 46), found %02X %02X %02X %02X; "
                    + "this is not a GGUF file (a llama2.c checkpoint has no magic: open it with Llama2cCheckpoint)",
                    magic & 0xFF, (magic >>> 8) & 0xFF, (magic >>> 16) & 0xFF, magic >>> 24));
        }
        int version = readVersion();
        int tensorCount = r.count("tensor_count", -1, MIN_TENSOR_INFO_BYTES, MAX_TENSORS, "tensor");
        int kvCount = r.count("metadata_kv_count", -1, MIN_KV_BYTES, MAX_KEYS, "metadata key-value");

        LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
        Map<String, Long> valueOffsets = new HashMap<>();
        Map<String, Integer> keyIndex = new HashMap<>();
        for (int i = 0; i < kvCount; i++) {
            String f = "metadata[" + i + "]";
            r.context(null);
            long keyAt = r.position();
            String key = r.string(f + ".key", -1, MAX_KEY_BYTES);
            r.context("key '" + key + "'");
            Integer first = keyIndex.putIfAbsent(key, i);
            if (first != null) {
                throw r.error(keyAt, f + ".key", "duplicate key, first defined at metadata[" + first + "]");
            }
            long typeAt = r.position();
            int typeId = r.i32(f + ".value_type", -1);
            GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(typeId));
            if (type == null) {
                throw r.error(typeAt, f + ".value_type", "unknown value type id " + Integer.toUnsignedString(typeId)
                        + "; GGUF defines 0 to 12");
            }
            valueOffsets.put(key, r.position());
            metadata.put(key, readValue(type, f + ".value"));
        }
        r.context(null);
        long alignment = alignment(metadata, valueOffsets, keyIndex);
        List<RawTensorInfo> raw = readTensorInfos(tensorCount);
        r.context(null);
        long dataOffset = alignUp(r.position(), alignment);
        List<GgufTensorInfo> tensors = placeTensors(raw, alignment, dataOffset);
        return new GgufHeader(version, Collections.unmodifiableSequencedMap(metadata), Map.copyOf(valueOffsets),
                alignment, dataOffset, Collections.unmodifiableList(tensors));
    }

    private int readVersion() throws ModelFormatException {
        int version = r.i32("version", -1);
        String problem;
        if (version == 2 || version == 3) {
            return version;
        } else if (version == 1) {
            problem = "GGUF version 1 (32-bit counts) is not supported; re-convert the model with a current llama.cpp";
        } else if (version != 0 && (version & 0xFFFF) == 0) {
            problem = String.format("version reads as 0x%08X, which looks like a big-endian GGUF file; radinfer reads "
                    + "little-endian GGUF only, so convert the model on a little-endian machine", version);
        } else {
            problem = "GGUF version " + Integer.toUnsignedString(version) + " is not supported; radinfer reads versions 2 and 3";
        }
        throw r.error(4, "version", problem);
    }

    private GgufValue readValue(GgufValueType type, String field) throws ModelFormatException {
        return switch (type) {
            case UINT8 -> new GgufValue.Int(type, Byte.toUnsignedLong(r.i8(field, -1)));
            case INT8 -> new GgufValue.Int(type, r.i8(field, -1));
            case UINT16 -> new GgufValue.Int(type, Short.toUnsignedLong(r.i16(field, -1)));
            case INT16 -> new GgufValue.Int(type, r.i16(field, -1));
            case UINT32 -> new GgufValue.Int(type, Integer.toUnsignedLong(r.i32(field, -1)));
            case INT32 -> new GgufValue.Int(type, r.i32(field, -1));
            case UINT64, INT64 -> new GgufValue.Int(type, r.i64(field, -1));
            case FLOAT32 -> new GgufValue.Real(type, r.f32(field, -1));
            case FLOAT64 -> new GgufValue.Real(type, r.f64(field, -1));
            case BOOL -> new GgufValue.Bool(readBool(field, -1));
            case STRING -> new GgufValue.Text(r.string(field, -1, MAX_STRING_BYTES));
            case ARRAY -> readArray(field, 1);
        };
    }

    private boolean readBool(String field, long index) throws ModelFormatException {
        long at = r.position();
        byte b = r.i8(field, index);
        if (b != 0 && b != 1) {
            throw r.error(at, BoundedReader.name(field, index), "a bool must be 0 or 1, found " + (b & 0xFF));
        }
        return b == 1;
    }

    private GgufArray readArray(String field, int depth) throws ModelFormatException {
        if (depth > MAX_ARRAY_DEPTH) {
            throw r.error(r.position(), field, "arrays nested more than " + MAX_ARRAY_DEPTH
                    + " deep; no model needs that, so the file is corrupt or hostile");
        }
        long typeAt = r.position();
        int typeId = r.i32(field + ".type", -1);
        GgufValueType et = GgufValueType.byId(Integer.toUnsignedLong(typeId));
        if (et == null) {
            throw r.error(typeAt, field + ".type", "unknown array element type id " + Integer.toUnsignedString(typeId)
                    + "; GGUF defines 0 to 12");
        }
        int n = r.count(field + ".length", -1, et.minBytes(), MAX_ARRAY_LENGTH, "array element");
        Object values = switch (et) {
            case UINT8, INT8 -> copy(ValueLayout.JAVA_BYTE, new byte[n], n, field);
            case UINT16, INT16 -> copy(ValueLayout.JAVA_SHORT_UNALIGNED, new short[n], n, field);
            case UINT32, INT32 -> copy(ValueLayout.JAVA_INT_UNALIGNED, new int[n], n, field);
            case UINT64, INT64 -> copy(ValueLayout.JAVA_LONG_UNALIGNED, new long[n], n, field);
            case FLOAT32 -> copy(ValueLayout.JAVA_FLOAT_UNALIGNED, new float[n], n, field);
            case FLOAT64 -> copy(ValueLayout.JAVA_DOUBLE_UNALIGNED, new double[n], n, field);
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readBool(field, i);
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = r.string(field, i, MAX_STRING_BYTES);
                }
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readArray(BoundedReader.name(field, i), depth + 1);
                }
                yield a;
            }
        };
        return new GgufArray(et, values);
    }

    private Object copy(ValueLayout layout, Object dst, int n, String field) throws ModelFormatException {
        r.copy(layout, dst, n, field, -1);
        return dst;
    }

    private long alignment(Map<String, GgufValue> metadata, Map<String, Long> offsets, Map<String, Integer> index)
            throws ModelFormatException {
        GgufValue v = metadata.get(ALIGNMENT_KEY);
        if (v == null) {
            return DEFAULT_ALIGNMENT;
        }
        long at = offsets.get(ALIGNMENT_KEY);
        String field = "metadata[" + index.get(ALIGNMENT_KEY) + "].value";
        r.context("key '" + ALIGNMENT_KEY + "'");
        if (!(v instanceof GgufValue.Int i) || i.type() != GgufValueType.UINT32) {
            throw r.error(at, field, "must be a UINT32 (as llama.cpp reads it), found " + v.type());
        }
        long a = i.value();
        if (a == 0 || (a & (a - 1)) != 0) {
            throw r.error(at, field, "alignment " + a + " is not a power of two");
        }
        return a;
    }

    /** A tensor info as read, before its offset is checked against the data section. */
    private record RawTensorInfo(int index, String name, GgmlType type, long[] shape, long byteSize, long relOffset,
            long offsetAt) {
    }

    private List<RawTensorInfo> readTensorInfos(int count) throws ModelFormatException {
        List<RawTensorInfo> infos = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String f = "tensor_infos[" + i + "]";
            r.context(null);
            long nameAt = r.position();
            String name = r.string(f + ".name", -1, MAX_TENSOR_NAME_BYTES);
            r.context("tensor '" + name + "'");
            Integer first = names.putIfAbsent(name, i);
            if (first != null) {
                throw r.error(nameAt, f + ".name", "duplicate tensor name, first used by tensor_infos[" + first + "]");
            }
            long dimsAt = r.position();
            int nDims = r.i32(f + ".n_dims", -1);
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw r.error(dimsAt, f + ".n_dims", "n_dims is " + Integer.toUnsignedString(nDims)
                        + "; a tensor has 1 to " + MAX_DIMS + " dimensions");
            }
            long[] shape = new long[nDims];
            long elements = 1;
            long dim0At = r.position();
            for (int j = 0; j < nDims; j++) {
                long at = r.position();
                long d = r.i64(f + ".dims", j);
                if (d <= 0) {
                    throw r.error(at, BoundedReader.name(f + ".dims", j), "dimension is " + Long.toUnsignedString(d)
                            + "; dimensions must be positive and below 2^63");
                }
                if (elements > Long.MAX_VALUE / d) {
                    throw r.error(at, BoundedReader.name(f + ".dims", j),
                            "the product of the dimensions overflows 64 bits; the shape is corrupt");
                }
                elements *= d;
                shape[j] = d;
            }
            long typeAt = r.position();
            int typeId = r.i32(f + ".type", -1);
            GgmlType type = GgmlType.byId(Integer.toUnsignedLong(typeId));
            if (type == null) {
                throw r.error(typeAt, f + ".type", "ggml type id " + Integer.toUnsignedString(typeId)
                        + " is not supported; radinfer reads " + GgmlType.supportedList()
                        + "; re-quantize the model to one of these types");
            }
            if (!type.fitsRow(shape[0])) {
                throw r.error(dim0At, f + ".dims[0]", "row length " + shape[0] + " is not a multiple of the "
                        + type + " block size " + type.blockSize());
            }
            long rowBytes = type.rowBytes(shape[0]);
            long rows = elements / shape[0];
            if (rows > Long.MAX_VALUE / rowBytes) {
                throw r.error(dim0At, f + ".dims", "the byte size of the tensor overflows 64 bits; the shape is corrupt");
            }
            long offsetAt = r.position();
            long rel = r.i64(f + ".offset", -1);
            infos.add(new RawTensorInfo(i, name, type, shape, rowBytes * rows, rel, offsetAt));
        }
        return infos;
    }

    private List<GgufTensorInfo> placeTensors(List<RawTensorInfo> raw, long alignment, long dataOffset)
            throws ModelFormatException {
        List<GgufTensorInfo> tensors = new ArrayList<>(raw.size());
        long room = size - dataOffset;
        for (RawTensorInfo t : raw) {
            String field = "tensor_infos[" + t.index + "].offset";
            r.context("tensor '" + t.name + "'");
            if (Long.remainderUnsigned(t.relOffset, alignment) != 0) {
                throw r.error(t.offsetAt, field, "data offset " + Long.toUnsignedString(t.relOffset)
                        + " is not a multiple of the alignment " + alignment);
            }
            if (t.relOffset < 0 || room < 0 || t.relOffset > room || t.byteSize > room - t.relOffset) {
                throw r.error(t.offsetAt, field, t.byteSize + " bytes of data at offset "
                        + Long.toUnsignedString(t.relOffset) + " of the data section (which starts at byte " + dataOffset
                        + ") run past the end of the file (" + size + " bytes); the file is truncated or the offset is corrupt");
            }
            tensors.add(new GgufTensorInfo(t.name, t.type, t.shape, dataOffset + t.relOffset, t.byteSize));
        }
        List<RawTensorInfo> byOffset = new ArrayList<>(raw);
        byOffset.sort(Comparator.comparingLong(RawTensorInfo::relOffset));
        for (int k = 1; k < byOffset.size(); k++) {
            RawTensorInfo a = byOffset.get(k - 1);
            RawTensorInfo b = byOffset.get(k);
            if (b.relOffset - a.relOffset < a.byteSize) {
                r.context("tensor '" + b.name + "'");
                throw r.error(b.offsetAt, "tensor_infos[" + b.index + "].offset", "data at offset " + b.relOffset
                        + " overlaps tensor '" + a.name + "' (tensor_infos[" + a.index + "], offset " + a.relOffset
                        + ", " + a.byteSize + " bytes); each tensor must have its own bytes");
            }
        }
        r.context(null);
        return tensors;
    }

    static long alignUp(long position, long alignment) {
        return position + (alignment - position % alignment) % alignment;
    }
}
