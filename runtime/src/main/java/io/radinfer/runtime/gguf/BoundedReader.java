package io.radinfer.runtime.gguf;

import io.radinfer.runtime.model.ModelFormatException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A little-endian cursor over the mapped bytes of a file that checks every read against the bytes that are left
 * before it happens, and turns a short read into a {@link ModelFormatException} naming the field and offset.
 * Lengths and counts read from the file are checked against what is left before anything is allocated for them,
 * so the heap a hostile file can make the reader use is bounded by the file's own size (and the caps of the
 * caller). Not thread-safe; one per parse.
 *
 * <p>Fields are named by a prefix and an optional index ({@code index < 0} for none), so that reading the
 * elements of a large array builds no field names unless something is wrong.
 */
final class BoundedReader {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final Path file;
    private final long size;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private long pos;
    private String context;

    BoundedReader(MemorySegment data, Path file) {
        this.data = data;
        this.file = file;
        this.size = data.byteSize();
    }

    long position() {
        return pos;
    }

    long remaining() {
        return size - pos;
    }

    Path file() {
        return file;
    }

    /**
     * Sets what the fields read next belong to (such as {@code key 'general.name'}), to be named in error messages;
     * {@code null} for nothing.
     */
    void context(String what) {
        context = what;
    }

    ModelFormatException error(long at, String field, String problem) {
        return new ModelFormatException(file, at, field, context == null ? problem : context + ": " + problem);
    }

    static String name(String field, long index) {
        return index < 0 ? field : field + "[" + index + "]";
    }

    private void need(long n, String field, long index) throws ModelFormatException {
        if (n > size - pos) {
            throw error(pos, name(field, index), "the file ends here: " + n + " bytes needed, " + (size - pos)
                    + " left (file size " + size + "); the file is truncated or a length before this point is wrong");
        }
    }

    byte i8(String field, long index) throws ModelFormatException {
        need(1, field, index);
        return data.get(ValueLayout.JAVA_BYTE, pos++);
    }

    short i16(String field, long index) throws ModelFormatException {
        need(2, field, index);
        short v = data.get(I16, pos);
        pos += 2;
        return v;
    }

    int i32(String field, long index) throws ModelFormatException {
        need(4, field, index);
        int v = data.get(I32, pos);
        pos += 4;
        return v;
    }

    long i64(String field, long index) throws ModelFormatException {
        need(8, field, index);
        long v = data.get(I64, pos);
        pos += 8;
        return v;
    }

    float f32(String field, long index) throws ModelFormatException {
        need(4, field, index);
        float v = data.get(F32, pos);
        pos += 4;
        return v;
    }

    double f64(String field, long index) throws ModelFormatException {
        need(8, field, index);
        double v = data.get(F64, pos);
        pos += 8;
        return v;
    }

    /**
     * Reads a uint64 count of items that each take at least {@code minItemBytes} in the file, and checks it against
     * the bytes left and {@code cap} before the caller allocates anything for it.
     */
    int count(String field, long index, long minItemBytes, int cap, String what) throws ModelFormatException {
        long at = pos;
        long n = i64(field, index);
        long fit = (size - pos) / minItemBytes;
        if (n < 0 || n > fit) {
            throw error(at, name(field, index), what + " count " + Long.toUnsignedString(n) + " cannot fit in the "
                    + (size - pos) + " bytes left in the file (at most " + fit + "); the file is corrupt or truncated");
        }
        if (n > cap) {
            throw error(at, name(field, index), what + " count " + n + " is above radinfer's limit of " + cap
                    + "; the file is corrupt or not a model file");
        }
        return (int) n;
    }

    /** Reads a GGUF string (uint64 length + UTF-8 bytes) of at most {@code maxBytes} bytes, decoding strictly. */
    String string(String field, long index, long maxBytes) throws ModelFormatException {
        long at = pos;
        long n = i64(field, index);
        if (n < 0 || n > size - pos) {
            throw error(at, name(field, index), "string length " + Long.toUnsignedString(n) + " runs past the end of the file ("
                    + (size - pos) + " bytes left); the file is corrupt or truncated");
        }
        if (n > maxBytes) {
            throw error(at, name(field, index), "string length " + n + " is above the limit of " + maxBytes + " bytes");
        }
        if (n == 0) {
            return "";
        }
        ByteBuffer bytes = data.asSlice(pos, n).asByteBuffer();
        String s;
        try {
            s = utf8.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw error(pos, name(field, index), "string is not valid UTF-8 (" + e.getMessage()
                    + "); GGUF strings must be UTF-8, so the file is corrupt");
        }
        pos += n;
        return s;
    }

    /** Copies {@code n} elements of {@code layout} to {@code dst} (a primitive array), after checking they are there. */
    void copy(ValueLayout layout, Object dst, int n, String field, long index) throws ModelFormatException {
        long bytes = (long) n * layout.byteSize();
        need(bytes, field, index);
        ValueLayout le = layout.withOrder(ByteOrder.LITTLE_ENDIAN);
        MemorySegment.copy(data, le, pos, dst, 0, n);
        pos += bytes;
    }
}
