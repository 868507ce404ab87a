package io.radinfer.runtime.protect;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Where the scrubber gets known-good weight bytes from: the model file on storage (read with positional
 * reads, not through the memory mapping, so an upset in the mapped pages cannot reach it), or a second
 * in-memory copy for models that have no file or live on a medium that may not be read again.
 */
public interface GoldenCopy {

    /** Reads {@code dst.remaining()} golden bytes of tensor {@code tensor} from byte {@code offset} into {@code dst}. */
    void read(int tensor, long offset, ByteBuffer dst) throws IOException;

    /** A golden copy read from {@code file}; tensor {@code i}'s bytes start at {@code tensorOffsets[i]}. */
    static GoldenCopy ofFile(Path file, long[] tensorOffsets) {
        long[] offs = tensorOffsets.clone();
        return (tensor, offset, dst) -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long pos = offs[tensor] + offset;
                while (dst.hasRemaining()) {
                    if (ch.read(dst, pos) < 0) {
                        throw new IOException(file + ": golden copy ends at byte " + pos);
                    }
                    pos = offs[tensor] + offset + dst.position();
                }
            }
        };
    }

    /** A golden copy held in memory: {@code copies.get(i)} mirrors tensor {@code i}. */
    static GoldenCopy ofMemory(List<MemorySegment> copies) {
        List<MemorySegment> c = List.copyOf(copies);
        return (tensor, offset, dst) -> {
            int n = dst.remaining();
            MemorySegment.copy(c.get(tensor), offset, MemorySegment.ofBuffer(dst), 0, n);
            dst.position(dst.position() + n);
        };
    }
}
