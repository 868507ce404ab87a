package io.radinfer.runtime.gguf;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a GGUF version 3 file (ggml docs/gguf.md), laid out as llama.cpp's own writer does so llama.cpp can read
 * it: header, metadata in the order put, tensor infos in the order added, zero padding to the alignment, then each
 * tensor's data at the next aligned offset, each followed by zero padding up to the alignment (the last one too).
 *
 * <p>Tensor data is not copied when added: the writer keeps the {@link Tensor}s (or segments) and streams them to a
 * {@link FileChannel} in {@link #write(Path)}, so writing a multi-GB model needs no second copy of it in memory. The
 * segments must stay valid until {@code write} returns.
 *
 * <pre>{@code
 * new GgufWriter()
 *         .put("general.architecture", new GgufValue.Text("llama"))
 *         .put("tokenizer.ggml.tokens", GgufArray.ofStrings(tokens))
 *         .addTensor(embeddings)
 *         .withIntegrityRecord()
 *         .write(Path.of("model.gguf"));
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class GgufWriter {
    private static final int MAGIC = 0x46554747;
    private static final int VERSION = 3;
    /** llama.cpp's GGML_MAX_NAME is 64 bytes including the terminating NUL. */
    private static final int MAX_NAME_BYTES = 63;
    /** Bytes per write call when data has to be staged through a direct buffer. */
    private static final int CHUNK = 1 << 20;

    private final LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
    private long alignment = GgufParser.DEFAULT_ALIGNMENT;
    private boolean integrityRecord;

    /**
     * Sets {@code general.alignment} (written as a UINT32), the alignment of the data section and of every tensor.
     * Without a call the alignment is 32 and the key is not written.
     *
     * @throws IllegalArgumentException unless {@code bytes} is a power of two and at least 8 (the spec requires a
     *     multiple of 8, llama.cpp a power of two)
     */
    public GgufWriter alignment(int bytes) {
        return put(GgufParser.ALIGNMENT_KEY, new GgufValue.Int(GgufValueType.UINT32, bytes));
    }

    /**
     * Adds or replaces the metadata pair {@code key}; a replaced key keeps its place in the order.
     *
     * @throws IllegalArgumentException if the key is empty or longer than 65535 bytes of UTF-8, is one of radinfer's
     *     integrity keys (use {@link #withIntegrityRecord()}), or is {@code general.alignment} with anything but a
     *     UINT32 power of two of at least 8
     */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(value, "value");
        int keyBytes = utf8(key).length;
        if (keyBytes == 0 || keyBytes > GgufParser.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + key + "' must be 1 to " + GgufParser.MAX_KEY_BYTES + " bytes of UTF-8");
        }
        if (IntegrityRecord.isReserved(key)) {
            throw new IllegalArgumentException("key '" + key + "' is written by withIntegrityRecord(), not by put()");
        }
        if (key.equals(GgufParser.ALIGNMENT_KEY)) {
            if (!(value instanceof GgufValue.Int i) || i.type() != GgufValueType.UINT32
                    || i.value() < 8 || Long.bitCount(i.value()) != 1) {
                throw new IllegalArgumentException("general.alignment must be a UINT32 power of two of at least 8, got " + value);
            }
            alignment = i.value();
        }
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds a tensor; its data is read when {@link #write(Path)} runs.
     *
     * @throws IllegalArgumentException if a tensor of that name was added already, or the name is empty or longer than
     *     63 bytes of UTF-8 (llama.cpp's limit)
     */
    public GgufWriter addTensor(Tensor tensor) {
        int nameBytes = utf8(tensor.name()).length;
        if (nameBytes == 0 || nameBytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + tensor.name() + "' must be 1 to " + MAX_NAME_BYTES
                    + " bytes of UTF-8 (llama.cpp's limit)");
        }
        if (tensors.putIfAbsent(tensor.name(), tensor) != null) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' was added already");
        }
        return this;
    }

    /**
     * Adds a tensor from a raw segment of exactly the size {@code type} and {@code shape} (ggml order) need.
     *
     * @throws IllegalArgumentException as {@link #addTensor(Tensor)}, or if the shape or size is invalid for the type
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        return addTensor(new Tensor(name, type, shape, data));
    }

    /**
     * Also writes radinfer's integrity record: the CRC32C of each tensor's data under
     * {@code radinfer.integrity.crc32c} (UINT32 array) and the tensor names under {@code radinfer.integrity.tensors}
     * (STRING array, same order), appended after the other metadata. Costs one extra read of every tensor before the
     * file is written (the CRCs go in the header, which comes first).
     */
    public GgufWriter withIntegrityRecord() {
        integrityRecord = true;
        return this;
    }

    /**
     * Writes the file, replacing any file at {@code path}. On failure the partly written file is deleted.
     *
     * @return the number of bytes written
     * @throws IOException if the file cannot be written
     */
    public long write(Path path) throws IOException {
        Map<String, GgufValue> meta = new LinkedHashMap<>(metadata);
        List<Tensor> list = new ArrayList<>(tensors.values());
        if (integrityRecord) {
            int[] crcs = new int[list.size()];
            String[] names = new String[list.size()];
            for (int i = 0; i < crcs.length; i++) {
                crcs[i] = (int) IntegrityRecord.crc32c(list.get(i).data());
                names[i] = list.get(i).name();
            }
            meta.put(IntegrityRecord.CRC32C_KEY, new GgufArray(GgufValueType.UINT32, crcs));
            meta.put(IntegrityRecord.TENSORS_KEY, new GgufArray(GgufValueType.STRING, names));
            meta.put(IntegrityRecord.HEADER_CRC32C_KEY, new GgufValue.Int(GgufValueType.UINT32, 0));
        }
        HeaderBuffer h = new HeaderBuffer();
        h.u32(MAGIC);
        h.u32(VERSION);
        h.u64(list.size());
        h.u64(meta.size());
        long headerCrcAt = -1;
        for (Map.Entry<String, GgufValue> e : meta.entrySet()) {
            h.string(e.getKey());
            h.u32(e.getValue().type().id());
            if (e.getKey().equals(IntegrityRecord.HEADER_CRC32C_KEY)) {
                headerCrcAt = h.size();
            }
            writeValue(h, e.getValue());
        }
        long rel = 0;
        for (Tensor t : list) {
            h.string(t.name());
            h.u32(t.dims());
            for (long d : t.shape()) {
                h.u64(d);
            }
            h.u32(t.type().id());
            h.u64(rel);
            rel = GgufParser.alignUp(rel + t.byteSize(), alignment);
        }
        h.padTo(alignment);
        if (headerCrcAt >= 0) {
            h.patchU32((int) headerCrcAt,
                    (int) IntegrityRecord.headerCrc32c(MemorySegment.ofBuffer(h.buffer()), headerCrcAt));
        }

        boolean done = false;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeFully(ch, h.buffer());
            long written = h.size();
            ByteBuffer staging = null;
            for (Tensor t : list) {
                MemorySegment data = t.data();
                for (long off = 0; off < data.byteSize(); off += CHUNK) {
                    MemorySegment chunk = data.asSlice(off, Math.min(CHUNK, data.byteSize() - off));
                    if (chunk.isNative()) {
                        writeFully(ch, chunk.asByteBuffer());
                    } else {
                        if (staging == null) {
                            staging = ByteBuffer.allocateDirect(CHUNK);
                        }
                        staging.clear();
                        MemorySegment.ofBuffer(staging).copyFrom(chunk);
                        staging.limit((int) chunk.byteSize());
                        writeFully(ch, staging);
                    }
                }
                written += data.byteSize();
                long pad = GgufParser.alignUp(written, alignment) - written;
                writeZeros(ch, pad);
                written += pad;
            }
            done = true;
            return written;
        } finally {
            if (!done) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void writeValue(HeaderBuffer h, GgufValue value) {
        switch (value) {
            case GgufValue.Int i -> writeInteger(h, i.type(), i.value());
            case GgufValue.Real r -> writeFloat(h, r.type(), r.value());
            case GgufValue.Bool b -> h.u8(b.value() ? 1 : 0);
            case GgufValue.Text t -> h.string(t.value());
            case GgufArray a -> {
                GgufValueType et = a.elementType();
                h.u32(et.id());
                h.u64(a.length());
                for (int i = 0; i < a.length(); i++) {
                    switch (et) {
                        case FLOAT32, FLOAT64 -> writeFloat(h, et, a.doubleAt(i));
                        case BOOL -> h.u8(a.booleanAt(i) ? 1 : 0);
                        case STRING -> h.string(a.stringAt(i));
                        case ARRAY -> writeValue(h, a.arrayAt(i));
                        default -> writeInteger(h, et, a.longAt(i));
                    }
                }
            }
        }
    }

    private static void writeInteger(HeaderBuffer h, GgufValueType type, long v) {
        switch (type) {
            case UINT8, INT8 -> h.u8((int) v);
            case UINT16, INT16 -> h.u16((int) v);
            case UINT32, INT32 -> h.u32((int) v);
            default -> h.u64(v);
        }
    }

    private static void writeFloat(HeaderBuffer h, GgufValueType type, double v) {
        if (type == GgufValueType.FLOAT32) {
            h.u32(Float.floatToRawIntBits((float) v));
        } else {
            h.u64(Double.doubleToRawLongBits(v));
        }
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            return Arrays.copyOf(b.array(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not valid Unicode (an unpaired surrogate?): " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void writeZeros(FileChannel ch, long n) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(n, CHUNK));
        while (n > 0) {
            zeros.clear().limit((int) Math.min(n, zeros.capacity()));
            n -= zeros.remaining();
            writeFully(ch, zeros);
        }
    }

    /** The header, metadata and tensor infos, assembled little-endian in memory before anything is written. */
    private static final class HeaderBuffer {
        private ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

        private void room(long n) {
            if (buf.remaining() < n) {
                long want = Math.max((long) buf.capacity() * 2, buf.position() + n);
                if (want > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("metadata and tensor infos exceed 2 GB; that is not a model header");
                }
                ByteBuffer bigger = ByteBuffer.allocate((int) want).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        void u8(int v) {
            room(1);
            buf.put((byte) v);
        }

        void u16(int v) {
            room(2);
            buf.putShort((short) v);
        }

        void u32(int v) {
            room(4);
            buf.putInt(v);
        }

        void u64(long v) {
            room(8);
            buf.putLong(v);
        }

        void string(String s) {
            byte[] b = utf8(s);
            u64(b.length);
            room(b.length);
            buf.put(b);
        }

        void padTo(long alignment) {
            long pad = GgufParser.alignUp(buf.position(), alignment) - buf.position();
            room(pad);
            buf.position(buf.position() + (int) pad);
        }

        long size() {
            return buf.position();
        }

        void patchU32(int at, int v) {
            buf.putInt(at, v);
        }

        ByteBuffer buffer() {
            return buf.duplicate().flip();
        }
    }
}
