package io.radinfer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.radinfer.faults.campaign.DoneIds;
import io.radinfer.faults.campaign.ResultsFileException;
import io.radinfer.faults.campaign.ResultsReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Fuzzes the campaign {@code results.jsonl} reader as resume ({@link DoneIds}) and merge ({@link ResultsReader}) use
 * it. The only allowed failure is a {@link ResultsFileException}. Seeds: {@code ResultsFuzzTestInputs/read/}, lines
 * written by the campaign's ResultsWriter.
 */
class ResultsFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("results");

    @FuzzTest(maxDuration = "10m")
    void read(byte[] input) throws IOException {
        Path file = FILES.write("results.jsonl", input);
        try {
            DoneIds.read(file).count();
            ResultsReader.read(file, (result, line) -> result.toString());
        } catch (ResultsFileException expected) {
            // typed refusal
        }
    }
}
