package io.radinfer.faults.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {
    @TempDir
    Path dir;

    private List<InjectionResult> sample(int n) {
        List<InjectionResult> out = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            out.add(CampaignFixtures.classify(CampaignFixtures.planner(1).plan(id)));
        }
        return out;
    }

    private static List<InjectionResult> readAll(Path file) throws IOException {
        List<InjectionResult> out = new ArrayList<>();
        ResultsReader.read(file, (r, line) -> out.add(r));
        return out;
    }

    @Test
    void outcomesUseTheirJsonNames() throws IOException {
        assertEquals("\"detected_uncorrectable\"",
                CampaignJson.mapper().writeValueAsString(Outcome.DETECTED_UNCORRECTABLE));
        assertEquals(Outcome.HANG, CampaignJson.mapper().readValue("\"hang\"", Outcome.class));
        assertThrows(IllegalArgumentException.class, () -> Outcome.fromJson("timeout"));
    }

    @Test
    void resultLinesUseSnakeCaseAndOmitAbsentFields() throws IOException {
        InjectionResult r = new InjectionResult(3, 9, "weights", "blk.0.q", 0, "q", 2, 17, 30, "bitflip",
                Outcome.SDC, 4, 12.5, 0, 0, 3.25, null);
        String json = CampaignJson.mapper().writeValueAsString(r);
        assertTrue(json.contains("\"first_divergence\":4") && json.contains("\"max_logit_deviation\":12.5")
                && json.contains("\"duration_ms\":3.25") && json.contains("\"outcome\":\"sdc\""), json);
        assertFalse(json.contains("\"error\""), json);
        assertEquals(r, CampaignJson.mapper().readValue(json, InjectionResult.class));
    }

    @Test
    void writtenResultsReadBackInOrder() throws IOException {
        Path file = dir.resolve("results.jsonl");
        List<InjectionResult> written = sample(50);
        try (ResultsWriter w = ResultsWriter.open(file)) {
            for (InjectionResult r : written) {
                w.accept(r);
            }
        }
        assertEquals(written, readAll(file));
        assertEquals(50, Files.readAllLines(file).size());
    }

    @Test
    void appendingAfterReopenKeepsEarlierLines() throws IOException {
        Path file = dir.resolve("results.jsonl");
        List<InjectionResult> all = sample(10);
        try (ResultsWriter w = ResultsWriter.open(file)) {
            for (InjectionResult r : all.subList(0, 4)) {
                w.accept(r);
            }
        }
        try (ResultsWriter w = ResultsWriter.open(file)) {
            assertEquals(0, w.droppedTailBytes());
            for (InjectionResult r : all.subList(4, 10)) {
                w.accept(r);
            }
        }
        assertEquals(all, readAll(file));
    }

    @Test
    void aPartialLastLineIsSkippedOnReadAndCutOnReopen() throws IOException {
        Path file = dir.resolve("results.jsonl");
        List<InjectionResult> all = sample(6);
        try (ResultsWriter w = ResultsWriter.open(file)) {
            for (InjectionResult r : all.subList(0, 5)) {
                w.accept(r);
            }
        }
        // What a kill in the middle of a write leaves: half of the sixth line, no newline.
        String sixth = CampaignJson.mapper().writeValueAsString(all.get(5));
        Files.writeString(file, sixth.substring(0, sixth.length() / 2), StandardOpenOption.APPEND);

        List<InjectionResult> read = new ArrayList<>();
        ResultsReader.Report report = ResultsReader.read(file, (r, line) -> read.add(r));
        assertEquals(all.subList(0, 5), read);
        assertTrue(report.hadTruncatedTail());
        assertEquals(6, report.truncatedTailLine());
        assertEquals(5, DoneIds.read(file).count());

        try (ResultsWriter w = ResultsWriter.open(file)) {
            assertEquals(sixth.length() / 2, w.droppedTailBytes());
            w.accept(all.get(5));
        }
        assertEquals(all, readAll(file));
    }

    @Test
    void aCorruptLineInTheMiddleIsATypedErrorWithItsLineNumber() throws IOException {
        Path file = dir.resolve("results.jsonl");
        List<InjectionResult> all = sample(3);
        StringBuilder text = new StringBuilder();
        text.append(CampaignJson.mapper().writeValueAsString(all.get(0))).append('\n');
        text.append("{\"id\": 1, \"outcome\": \"sdc\"\n");
        text.append(CampaignJson.mapper().writeValueAsString(all.get(2))).append('\n');
        Files.writeString(file, text, StandardCharsets.UTF_8);
        ResultsFileException e = assertThrows(ResultsFileException.class, () -> readAll(file));
        assertEquals(2, e.line());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    }

    @Test
    void aCompleteLastLineThatIsNotAResultIsAnErrorToo() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "{\"id\":0}\n");
        assertThrows(ResultsFileException.class, () -> readAll(file));
        Files.writeString(file, "{\"id\":0,\"outcome\":\"melted\",\"target\":\"weights\",\"fault\":\"bitflip\"}\n");
        assertThrows(ResultsFileException.class, () -> readAll(file));
    }

    @Test
    void anEndlessLineIsRejectedInsteadOfBuffered() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.write(file, new byte[ResultsReader.MAX_LINE_BYTES + 10]);
        ResultsFileException e = assertThrows(ResultsFileException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void aMissingFileReadsAsEmpty() throws IOException {
        assertEquals(0, ResultsReader.read(dir.resolve("none.jsonl"), (r, l) -> { }).results());
        assertEquals(0, DoneIds.read(dir.resolve("none.jsonl")).count());
    }
}
