package io.radinfer.faults.campaign;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A campaign file that cannot be read: a corrupt line in {@code results.jsonl}, a missing or inconsistent
 * {@code campaign.json}. The message names the file and the line, and what the user can do.
 */
public class ResultsFileException extends IOException {
    private final Path file;
    private final long line;

    /**
     * @param file the file
     * @param line the 1-based line number, or -1 if not tied to one line
     * @param problem what is wrong and what to do about it
     */
    public ResultsFileException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    /** As above, with the underlying cause. */
    public ResultsFileException(Path file, long line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The 1-based line number, or -1. */
    public long line() {
        return line;
    }
}
