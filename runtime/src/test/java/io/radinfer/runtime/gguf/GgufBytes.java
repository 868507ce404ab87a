package io.radinfer.runtime.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Assembles GGUF bytes by hand, little-endian, field by field as the spec lays them out, independently of
 * {@link GgufWriter}: for hand-made (valid, old-version or corrupt) files and for checking the writer's bytes.
 */
final class GgufBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static GgufBytes header(int version, long tensorCount, long kvCount) {
        return new GgufBytes().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensorCount).u64(kvCount);
    }

    GgufBytes u8(int v) {
        out.write(v);
        return this;
    }

    GgufBytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    GgufBytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    GgufBytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    GgufBytes f32(float v) {
        return u32(Float.floatToRawIntBits(v));
    }

    GgufBytes f64(double v) {
        return u64(Double.doubleToRawLongBits(v));
    }

    GgufBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes. */
    GgufBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u64(b.length).raw(b);
    }

    /** A metadata pair with a string value. */
    GgufBytes kvString(String key, String value) {
        return str(key).u32(GgufValueType.STRING.id()).str(value);
    }

    /** A metadata pair with a UINT32 value. */
    GgufBytes kvU32(String key, long value) {
        return str(key).u32(GgufValueType.UINT32.id()).u32(value);
    }

    /** A tensor info. */
    GgufBytes tensorInfo(String name, int typeId, long offset, long... dims) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(typeId).u64(offset);
    }

    GgufBytes padTo(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    /** {@code n} bytes counting 0, 1, 2, ... (mod 256). */
    GgufBytes counting(int n) {
        for (int i = 0; i < n; i++) {
            out.write(i);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        return Files.write(file, out.toByteArray());
    }
}
