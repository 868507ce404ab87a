package io.radinfer.faults.campaign;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends results to a JSON Lines file ({@code results.jsonl}), one object per line, each line handed to the
 * operating system as soon as it is complete.
 *
 * <p>Durability: every line is one {@code write} on an unbuffered channel, so once {@link #accept} returns the
 * line survives the process being killed (the kernel holds it); the file is fsynced on {@link #close}. A power
 * loss or kernel crash can lose the last lines written since the previous fsync, or leave half a line: both are
 * handled on resume, because the lost ids are simply run again and {@link #open} cuts a partial last line
 * (everything after the last newline) before appending.
 */
public final class ResultsWriter implements ResultSink, Closeable {
    private final Path file;
    private final FileChannel channel;
    private final long droppedTailBytes;

    private ResultsWriter(Path file, FileChannel channel, long droppedTailBytes) {
        this.file = file;
        this.channel = channel;
        this.droppedTailBytes = droppedTailBytes;
    }

    /**
     * Opens {@code file} for appending, creating it if absent. If the file ends in a partial line (a run was
     * killed mid-write), that partial line is cut off first; {@link #droppedTailBytes()} says how many bytes.
     */
    public static ResultsWriter open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            long size = ch.size();
            long keep = endOfLastCompleteLine(ch, size);
            if (keep < size) {
                ch.truncate(keep);
            }
            ch.position(keep);
            return new ResultsWriter(file, ch, size - keep);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The length of the file up to and including its last newline (0 if it has none). */
    private static long endOfLastCompleteLine(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            int n = (int) Math.min(buf.capacity(), end);
            buf.clear().limit(n);
            long from = end - n;
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    throw new IOException("unexpected end of file while reading " + n + " bytes at " + from);
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    /** Bytes of a partial last line that {@link #open} removed (0 if the file ended cleanly). */
    public long droppedTailBytes() {
        return droppedTailBytes;
    }

    /** The file written to. */
    public Path file() {
        return file;
    }

    /** Appends one result as one line. */
    @Override
    public synchronized void accept(InjectionResult result) throws IOException {
        byte[] json = CampaignJson.mapper().writeValueAsBytes(result);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (line.hasRemaining()) {
            channel.write(line);
        }
    }

    /** Forces the file to storage and closes it. */
    @Override
    public synchronized void close() throws IOException {
        try {
            channel.force(true);
        } finally {
            channel.close();
        }
    }
}
