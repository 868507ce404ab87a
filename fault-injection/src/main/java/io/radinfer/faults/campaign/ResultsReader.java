package io.radinfer.faults.campaign;

import com.fasterxml.jackson.core.JacksonException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code results.jsonl} as a stream of {@link InjectionResult}s, without holding the file in memory.
 *
 * <p>Policy for damage: a final line without its newline is what a killed run leaves behind; it is skipped and
 * reported in {@link Report#truncatedTailLine()} (a warning, not an error; the id is simply run again). Any
 * other line that is not a valid result, including a complete last line, is an error: a
 * {@link ResultsFileException} naming the file and line, because silently dropping it would bias the
 * statistics. Blank lines are ignored. A line longer than {@value #MAX_LINE_BYTES} bytes is an error too, so a
 * foreign file cannot make the reader allocate without bound.
 */
public final class ResultsReader {
    /** Longest accepted line; a result line is a few hundred bytes. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(ResultsReader.class.getName());

    private ResultsReader() {
    }

    /** What a read found besides the results. */
    public record Report(long results, long truncatedTailLine) {
        /** Whether a partial last line was skipped. */
        public boolean hadTruncatedTail() {
            return truncatedTailLine > 0;
        }
    }

    /** Receives results one by one. */
    @FunctionalInterface
    public interface Handler {
        /** Takes one result, with its 1-based line number. */
        void accept(InjectionResult result, long line) throws IOException;
    }

    /**
     * Reads every result of {@code file} in order. A missing file reads as empty.
     *
     * @throws ResultsFileException for a corrupt line (file and line number in the message)
     */
    public static Report read(Path file, Handler handler) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return new Report(0, 0);
        }
        long results = 0;
        long lineNo = 0;
        try (InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    if (line.size() >= MAX_LINE_BYTES) {
                        throw new ResultsFileException(file, lineNo + 1, "line longer than " + MAX_LINE_BYTES
                                + " bytes; this is not a radinfer results file");
                    }
                    line.write(b);
                    continue;
                }
                lineNo++;
                if (parse(file, lineNo, line, handler)) {
                    results++;
                }
                line.reset();
            }
            if (line.size() > 0) {
                lineNo++;
                LOG.log(System.Logger.Level.WARNING, "{0}:{1}: skipping a partial last line ({2} bytes), left by an "
                        + "interrupted run; its injection will run again", file, lineNo, line.size());
                return new Report(results, lineNo);
            }
        }
        return new Report(results, 0);
    }

    private static boolean parse(Path file, long lineNo, ByteArrayOutputStream line, Handler handler)
            throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return false;
        }
        InjectionResult result;
        try {
            result = CampaignJson.mapper().readValue(text, InjectionResult.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new ResultsFileException(file, lineNo, "not a valid injection result (" + e.getMessage()
                    .lines().findFirst().orElse("") + "); fix or delete this line, or move the file away to "
                    + "start the campaign afresh", e);
        }
        handler.accept(result, lineNo);
        return true;
    }
}
