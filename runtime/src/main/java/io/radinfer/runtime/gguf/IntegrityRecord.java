package io.radinfer.runtime.gguf;

import io.radinfer.runtime.model.ModelFormatException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * radinfer's per-tensor integrity record in GGUF metadata: {@value #TENSORS_KEY}, an array of tensor names, and
 * {@value #CRC32C_KEY}, a UINT32 array of the CRC32C of each named tensor's data bytes (padding excluded), index for
 * index. Written by {@link GgufWriter}, checked by {@link GgufFile}.
 */
final class IntegrityRecord {
    static final String CRC32C_KEY = "radinfer.integrity.crc32c";
    static final String TENSORS_KEY = "radinfer.integrity.tensors";
    /** Bytes fed to the CRC per call, so that segments above 2 GB (no single ByteBuffer) work. */
    private static final long CHUNK = 1L << 26;

    private final Map<String, Long> crcByName;

    private IntegrityRecord(Map<String, Long> crcByName) {
        this.crcByName = crcByName;
    }

    int size() {
        return crcByName.size();
    }

    /** The recorded CRC32C of tensor {@code name}, or {@code null} if the record does not cover it. */
    Long crc(String name) {
        return crcByName.get(name);
    }

    static boolean isReserved(String key) {
        return key.equals(CRC32C_KEY) || key.equals(TENSORS_KEY);
    }

    /**
     * The record in {@code metadata}, or {@code null} if the file has none; checks that both keys are there with the
     * right types and lengths, and that each name is a tensor of the file, named once.
     */
    static IntegrityRecord read(Path file, Map<String, GgufValue> metadata, Map<String, Long> offsets,
            Set<String> tensorNames) throws ModelFormatException {
        GgufValue crcValue = metadata.get(CRC32C_KEY);
        GgufValue nameValue = metadata.get(TENSORS_KEY);
        if (crcValue == null && nameValue == null) {
            return null;
        }
        if (crcValue == null || nameValue == null) {
            String missing = crcValue == null ? CRC32C_KEY : TENSORS_KEY;
            String present = crcValue == null ? TENSORS_KEY : CRC32C_KEY;
            throw new ModelFormatException(file, offsets.get(present), missing,
                    "the integrity record has '" + present + "' but no '" + missing + "'; the metadata is corrupt");
        }
        if (!(crcValue instanceof GgufArray crcArray) || crcArray.elementType() != GgufValueType.UINT32) {
            throw new ModelFormatException(file, offsets.get(CRC32C_KEY), CRC32C_KEY,
                    "must be an array of UINT32, found " + describe(crcValue));
        }
        if (!(nameValue instanceof GgufArray nameArray) || nameArray.elementType() != GgufValueType.STRING) {
            throw new ModelFormatException(file, offsets.get(TENSORS_KEY), TENSORS_KEY,
                    "must be an array of STRING, found " + describe(nameValue));
        }
        if (crcArray.length() != nameArray.length()) {
            throw new ModelFormatException(file, offsets.get(CRC32C_KEY), CRC32C_KEY, "has " + crcArray.length()
                    + " entries but '" + TENSORS_KEY + "' has " + nameArray.length() + "; they must match index for index");
        }
        Map<String, Long> crcByName = new HashMap<>();
        for (int i = 0; i < nameArray.length(); i++) {
            String name = nameArray.stringAt(i);
            if (!tensorNames.contains(name)) {
                throw new ModelFormatException(file, offsets.get(TENSORS_KEY), TENSORS_KEY + "[" + i + "]",
                        "names tensor '" + name + "', which is not in the file");
            }
            if (crcByName.putIfAbsent(name, crcArray.longAt(i)) != null) {
                throw new ModelFormatException(file, offsets.get(TENSORS_KEY), TENSORS_KEY + "[" + i + "]",
                        "names tensor '" + name + "' twice");
            }
        }
        return new IntegrityRecord(crcByName);
    }

    private static String describe(GgufValue v) {
        return v instanceof GgufArray a ? "an array of " + a.elementType() : v.type().toString();
    }

    /** CRC32C (Castagnoli, java.util.zip.CRC32C) of all bytes of {@code data}, as an unsigned 32-bit value. */
    static long crc32c(MemorySegment data) {
        CRC32C crc = new CRC32C();
        long size = data.byteSize();
        byte[] heapChunk = data.isNative() ? null : new byte[(int) Math.min(size, CHUNK)];
        for (long off = 0; off < size; off += CHUNK) {
            long n = Math.min(CHUNK, size - off);
            if (heapChunk == null) {
                crc.update(data.asSlice(off, n).asByteBuffer());
            } else {
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, heapChunk, 0, (int) n);
                crc.update(heapChunk, 0, (int) n);
            }
        }
        return crc.getValue();
    }
}
