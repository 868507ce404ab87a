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
 * index; and {@value #HEADER_CRC32C_KEY}, a UINT32, the CRC32C of every byte before the data section (header,
 * metadata, tensor infos, padding) with its own four value bytes taken as zero, so that a flip in a metadata value
 * or a tensor info is caught as well as one in tensor data. Files written before the header CRC existed lack that
 * key and are checked without it. Written by {@link GgufWriter}, checked by {@link GgufFile}.
 */
final class IntegrityRecord {
    static final String CRC32C_KEY = "radinfer.integrity.crc32c";
    static final String TENSORS_KEY = "radinfer.integrity.tensors";
    static final String HEADER_CRC32C_KEY = "radinfer.integrity.header_crc32c";
    /** Bytes fed to the CRC per call, so that segments above 2 GB (no single ByteBuffer) work. */
    private static final long CHUNK = 1L << 26;

    private final Map<String, Long> crcByName;
    private final Long headerCrc;
    private final long headerCrcOffset;

    private IntegrityRecord(Map<String, Long> crcByName, Long headerCrc, long headerCrcOffset) {
        this.crcByName = crcByName;
        this.headerCrc = headerCrc;
        this.headerCrcOffset = headerCrcOffset;
    }

    /** The recorded CRC32C of the bytes before the data section, or {@code null} for a file without one. */
    Long headerCrc() {
        return headerCrc;
    }

    /** File offset of the header CRC's own four value bytes (read as zero when the CRC is computed). */
    long headerCrcOffset() {
        return headerCrcOffset;
    }

    int size() {
        return crcByName.size();
    }

    /** The recorded CRC32C of tensor {@code name}, or {@code null} if the record does not cover it. */
    Long crc(String name) {
        return crcByName.get(name);
    }

    static boolean isReserved(String key) {
        return key.equals(CRC32C_KEY) || key.equals(TENSORS_KEY) || key.equals(HEADER_CRC32C_KEY);
    }

    /**
     * The record in {@code metadata}, or {@code null} if the file has none; checks that both keys are there with the
     * right types and lengths, and that each name is a tensor of the file, named once.
     */
    static IntegrityRecord read(Path file, Map<String, GgufValue> metadata, Map<String, Long> offsets,
            Set<String> tensorNames) throws ModelFormatException {
        GgufValue crcValue = metadata.get(CRC32C_KEY);
        GgufValue nameValue = metadata.get(TENSORS_KEY);
        GgufValue headerValue = metadata.get(HEADER_CRC32C_KEY);
        if (crcValue == null && nameValue == null) {
            if (headerValue != null) {
                throw new ModelFormatException(file, offsets.get(HEADER_CRC32C_KEY), HEADER_CRC32C_KEY, "the integrity "
                        + "record has a header CRC but no '" + CRC32C_KEY + "'; the metadata is corrupt");
            }
            return null;
        }
        Long headerCrc = null;
        long headerCrcOffset = -1;
        if (headerValue != null) {
            if (!(headerValue instanceof GgufValue.Int h) || h.type() != GgufValueType.UINT32) {
                throw new ModelFormatException(file, offsets.get(HEADER_CRC32C_KEY), HEADER_CRC32C_KEY,
                        "must be a UINT32, found " + describe(headerValue));
            }
            headerCrc = h.value();
            headerCrcOffset = offsets.get(HEADER_CRC32C_KEY);
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
        return new IntegrityRecord(crcByName, headerCrc, headerCrcOffset);
    }

    private static String describe(GgufValue v) {
        return v instanceof GgufArray a ? "an array of " + a.elementType() : v.type().toString();
    }

    /**
     * CRC32C of {@code header} (the bytes before the data section) with the four bytes at {@code zeroAt} read as
     * zero: the header CRC, computed the same way by the writer (before the value is filled in) and the reader.
     */
    static long headerCrc32c(MemorySegment header, long zeroAt) {
        CRC32C crc = new CRC32C();
        crc.update(header.asSlice(0, zeroAt).asByteBuffer());
        crc.update(new byte[4]);
        crc.update(header.asSlice(zeroAt + 4).asByteBuffer());
        return crc.getValue();
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
