package io.radinfer.runtime.gguf;

import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.ModelFormatException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * An open GGUF file (version 2 or 3, little-endian): its metadata, and its tensors as read-only views of one
 * memory mapping of the whole file, without copying.
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(Path.of("model.gguf"))) {
 *     int layers = gguf.getInt("llama.block_count");
 *     String[] vocab = gguf.getStringArray("tokenizer.ggml.tokens");
 *     Tensor wq = gguf.tensor("blk.0.attn_q.weight");
 *     ...
 * } // unmaps the file: every Tensor from it is unusable from here on
 * }</pre>
 *
 * <p><b>Lifetime.</b> The mapping belongs to a shared {@link Arena} owned by this object, so the tensors can be read
 * from any thread. {@link #close()} closes the arena and unmaps the file at once (deterministically, not when the
 * garbage collector gets to it); after that, reading a tensor's data throws {@link IllegalStateException}. Close the
 * file only when nothing uses its tensors any more, typically when the model that loaded them is closed.
 *
 * <p><b>Validation.</b> {@link #open} reads the header with a bounded reader over the mapping and checks every
 * count, length and offset before it is used (see the package documentation); a bad file gives a
 * {@link ModelFormatException} naming the field and byte offset, never an {@link OutOfMemoryError} or a hang. A
 * tensor whose ggml type radinfer does not support fails the open, naming the tensor and type id: a model with such
 * a tensor cannot run, and failing at load is better than failing in the first forward pass.
 *
 * <p>Instances are immutable after open and safe to share between threads.
 */
public final class GgufFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final GgufHeader header;
    private final Map<String, Tensor> tensors;
    private final IntegrityRecord integrity;
    private final MemorySegment mapping;

    private GgufFile(Path path, Arena arena, GgufHeader header, Map<String, Tensor> tensors, IntegrityRecord integrity,
            MemorySegment mapping) {
        this.mapping = mapping;
        this.path = path;
        this.arena = arena;
        this.header = header;
        this.tensors = tensors;
        this.integrity = integrity;
    }

    /** Opens {@code path} without checking tensor data against an integrity record. */
    public static GgufFile open(Path path) throws IOException {
        return open(path, IntegrityCheck.NONE);
    }

    /**
     * Maps {@code path} read-only, reads and validates its header, and with {@code check} other than
     * {@link IntegrityCheck#NONE} verifies its tensor data against its integrity record.
     *
     * @throws ModelFormatException if the file is not a valid GGUF v2/v3 file radinfer can use
     * @throws IntegrityException if the integrity check was asked for and some tensor data does not match
     * @throws IOException if the file cannot be opened or mapped
     */
    public static GgufFile open(Path path, IntegrityCheck check) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                mapping = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            GgufHeader header = GgufParser.parse(mapping, path);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (GgufTensorInfo t : header.tensors()) {
                tensors.put(t.name(), new Tensor(t.name(), t.type(), t.shape(), mapping.asSlice(t.offset(), t.byteSize())));
            }
            IntegrityRecord integrity = IntegrityRecord.read(path, header.metadata(), header.valueOffsets(), tensors.keySet());
            GgufFile file = new GgufFile(path, arena, header, tensors, integrity, mapping);
            if (check == IntegrityCheck.REQUIRED && integrity == null) {
                throw new ModelFormatException(path, -1, IntegrityRecord.CRC32C_KEY, "the file has no integrity record, "
                        + "and the open asked for one; write it with GgufWriter.withIntegrityRecord(), or open with "
                        + "IntegrityCheck.NONE or IF_PRESENT");
            }
            if (check != IntegrityCheck.NONE && integrity != null) {
                file.verifyIntegrity();
            }
            return file;
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    /** The GGUF version of the file: 2 or 3. */
    public int version() {
        return header.version();
    }

    /** {@code general.alignment}, or 32 when the file does not set it. */
    public long alignment() {
        return header.alignment();
    }

    /** Absolute byte offset of the tensor data section. */
    public long dataOffset() {
        return header.dataOffset();
    }

    /** All metadata key-value pairs in file order; unmodifiable, and every value is immutable. */
    public SequencedMap<String, GgufValue> metadata() {
        return header.metadata();
    }

    /** Whether the metadata has {@code key}. */
    public boolean has(String key) {
        return header.metadata().containsKey(key);
    }

    /** @throws ModelFormatException if {@code key} is missing or not a {@code STRING} */
    public String getString(String key) throws ModelFormatException {
        if (require(key) instanceof GgufValue.Text t) {
            return t.value();
        }
        throw wrongType(key, "a STRING");
    }

    /**
     * The value of an integer key of any integer type (GGUF writers use both UINT32 and UINT64 for counts).
     *
     * @throws ModelFormatException if {@code key} is missing, not an integer, or does not fit in an {@code int}
     */
    public int getInt(String key) throws ModelFormatException {
        long v = getLong(key);
        if (v != (int) v) {
            throw new ModelFormatException(path, valueOffset(key), key, "value " + v + " does not fit in a 32-bit int");
        }
        return (int) v;
    }

    /**
     * {@link #getInt(String)}, or {@code defaultValue} if the key is missing.
     *
     * @throws ModelFormatException if the key is there but not an integer that fits in an {@code int}
     */
    public int getInt(String key, int defaultValue) throws ModelFormatException {
        return has(key) ? getInt(key) : defaultValue;
    }

    /** @throws ModelFormatException if {@code key} is missing, not an integer, or a UINT64 at or above 2^63 */
    public long getLong(String key) throws ModelFormatException {
        if (require(key) instanceof GgufValue.Int i) {
            if (i.type() == GgufValueType.UINT64 && i.value() < 0) {
                throw new ModelFormatException(path, valueOffset(key), key, "value "
                        + Long.toUnsignedString(i.value()) + " does not fit in a signed 64-bit long");
            }
            return i.value();
        }
        throw wrongType(key, "an integer");
    }

    /**
     * The value of a {@code FLOAT32} key ({@code FLOAT64} is rounded to float).
     *
     * @throws ModelFormatException if {@code key} is missing or not a float
     */
    public float getFloat(String key) throws ModelFormatException {
        if (require(key) instanceof GgufValue.Real r) {
            return (float) r.value();
        }
        throw wrongType(key, "a FLOAT32");
    }

    /**
     * {@link #getFloat(String)}, or {@code defaultValue} if the key is missing.
     *
     * @throws ModelFormatException if the key is there but not a float
     */
    public float getFloat(String key, float defaultValue) throws ModelFormatException {
        return has(key) ? getFloat(key) : defaultValue;
    }

    /**
     * The value of a {@code BOOL} key, or {@code defaultValue} if the key is missing.
     *
     * @throws ModelFormatException if the key is there but not a {@code BOOL}
     */
    public boolean getBoolean(String key, boolean defaultValue) throws ModelFormatException {
        if (!has(key)) {
            return defaultValue;
        }
        if (require(key) instanceof GgufValue.Bool b) {
            return b.value();
        }
        throw wrongType(key, "a BOOL");
    }

    /** A copy of a {@code STRING} array. @throws ModelFormatException if missing or of another type */
    public String[] getStringArray(String key) throws ModelFormatException {
        return array(key, GgufValueType.STRING).toStringArray();
    }

    /** A copy of a {@code FLOAT32} array. @throws ModelFormatException if missing or of another type */
    public float[] getFloatArray(String key) throws ModelFormatException {
        return array(key, GgufValueType.FLOAT32).toFloatArray();
    }

    /**
     * A copy of an integer array of any integer element type.
     *
     * @throws ModelFormatException if missing, of another type, or an element does not fit in an {@code int}
     */
    public int[] getIntArray(String key) throws ModelFormatException {
        GgufArray a = array(key, null);
        try {
            return a.toIntArray();
        } catch (IllegalStateException e) {
            throw new ModelFormatException(path, valueOffset(key), key, e.getMessage());
        }
    }

    /** The tensor infos in file order (offsets absolute); unmodifiable. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    /** Whether the file has a tensor named {@code name}. */
    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor {@code name}, whose data is a read-only slice of this file's mapping, valid until {@link #close()}.
     * Returns the same instance on every call.
     *
     * @throws ModelFormatException if the file has no such tensor
     */
    public Tensor tensor(String name) throws ModelFormatException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException(path, -1, "tensor '" + name + "'", "the file has no tensor of that name ("
                    + tensors.size() + " tensors); the model's architecture or the converter that wrote it may differ");
        }
        return t;
    }

    /** Whether the file carries radinfer's per-tensor CRC32C record (see the package documentation). */
    public boolean hasIntegrityRecord() {
        return integrity != null;
    }

    /**
     * Recomputes the CRC32C of the header (when the record has one) and of every tensor in the integrity record and
     * compares them with the recorded ones. Reads every such tensor byte once.
     *
     * @throws IntegrityException naming every tensor whose data does not match, or none if the header does not
     * @throws ModelFormatException if the file has no integrity record
     */
    public void verifyIntegrity() throws ModelFormatException {
        if (integrity == null) {
            throw new ModelFormatException(path, -1, IntegrityRecord.CRC32C_KEY,
                    "the file has no integrity record to verify; write it with GgufWriter.withIntegrityRecord()");
        }
        Long headerCrc = integrity.headerCrc();
        if (headerCrc != null && IntegrityRecord.headerCrc32c(mapping.asSlice(0, header.dataOffset()),
                integrity.headerCrcOffset()) != headerCrc) {
            throw new IntegrityException(path, 0, List.of(), "CRC32C mismatch in the header (metadata and tensor "
                    + "infos, the " + header.dataOffset() + " bytes before the tensor data); a value or tensor info "
                    + "changed after the file was written, restore it from a good copy");
        }
        List<String> bad = new ArrayList<>();
        long firstOffset = -1;
        for (GgufTensorInfo info : header.tensors()) {
            Long expected = integrity.crc(info.name());
            if (expected != null && IntegrityRecord.crc32c(tensors.get(info.name()).data()) != expected) {
                bad.add(info.name());
                if (firstOffset < 0) {
                    firstOffset = info.offset();
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new IntegrityException(path, firstOffset, bad, "CRC32C mismatch in " + bad.size() + " of "
                    + integrity.size() + " tensors: " + String.join(", ", bad.size() > 20 ? bad.subList(0, 20) : bad)
                    + (bad.size() > 20 ? ", ..." : "") + "; the data changed after the file was written, restore it from a good copy");
        }
    }

    /** Unmaps the file; idempotent. Tensors obtained from this file must not be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().size() + " keys, " + tensors.size() + " tensors]";
    }

    private GgufValue require(String key) throws ModelFormatException {
        GgufValue v = header.metadata().get(key);
        if (v == null) {
            throw new ModelFormatException(path, -1, key, "required metadata key is missing; the file has "
                    + header.metadata().size() + " keys");
        }
        return v;
    }

    private GgufArray array(String key, GgufValueType elementType) throws ModelFormatException {
        GgufValue v = require(key);
        if (v instanceof GgufArray a && (elementType == null ? a.elementType().isInteger() : a.elementType() == elementType)) {
            return a;
        }
        throw wrongType(key, "an array of " + (elementType == null ? "integers" : elementType));
    }

    private long valueOffset(String key) {
        return header.valueOffsets().getOrDefault(key, -1L);
    }

    private ModelFormatException wrongType(String key, String expected) {
        GgufValue v = header.metadata().get(key);
        String found = v instanceof GgufArray a ? "an array of " + a.elementType() : v.type().toString();
        return new ModelFormatException(path, valueOffset(key), key, "expected " + expected + ", found " + found);
    }
}
