package io.radinfer.cli;

import io.radinfer.faults.soak.Soak;
import io.radinfer.faults.soak.SoakConfig;
import io.radinfer.faults.soak.SoakSummary;
import io.radinfer.faults.soak.SoakTarget;
import io.radinfer.runtime.protect.ProtectionPreset;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code radinfer soak}: generates continuously under injected faults and reports what the protection layer
 * detected, corrected and missed, with heap and GC figures.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate continuously while injecting faults (accelerated radiation) into weights at rest, "
                + "the KV cache, activations and kernel outputs, and report every minute and at the end: tokens, faults "
                + "injected, detected, corrected, uncorrectable, SDCs (against a clean shadow run of a sample of the "
                + "generations), heap used after GC and GC time.",
            "--fault-rate is the mean number of single-bit faults per token position processed (prompt or generated).",
            "Exit code 0 when the run ended with no crash and no SDC, 1 otherwise."})
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE",
            description = "GGUF file or llama2.c checkpoint (default: the built-in model)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Length length;

    static final class Length {
        @Option(names = "--hours", paramLabel = "H", description = "run time in hours (fractions allowed)")
        Double hours;

        @Option(names = "--minutes", paramLabel = "M", description = "run time in minutes (fractions allowed)")
        Double minutes;

        @Option(names = "--seconds", paramLabel = "S", description = "run time in seconds")
        Double seconds;

        Duration duration() {
            double s = hours != null ? hours * 3600 : minutes != null ? minutes * 60 : seconds;
            if (!(s > 0 && s < 1e8)) {
                throw new IllegalArgumentException("the run time must be positive, got " + s + " s");
            }
            return Duration.ofMillis(Math.round(s * 1000));
        }
    }

    @Option(names = "--fault-rate", paramLabel = "R", description = "mean faults per token position (default: ${DEFAULT-VALUE})")
    double faultRate = 0.05;

    @Option(names = "--protect", paramLabel = "MODE", converter = ModelOptions.PresetConverter.class,
            description = "protection: none, checksum, selective, dmr, tmr (default: ${DEFAULT-VALUE})")
    ProtectionPreset protect = ProtectionPreset.CHECKSUM;

    @Option(names = "--scrub-seconds", paramLabel = "S",
            description = "background weight scrub period, 0 = off (default: ${DEFAULT-VALUE})")
    long scrubSeconds = 10;

    @Option(names = "--targets", paramLabel = "LIST",
            description = "where faults go: weights, kv_cache, activations, kernel_outputs, or all (default: ${DEFAULT-VALUE})")
    String targets = "all";

    @Option(names = "--prompt-tokens", paramLabel = "N", description = "random prompt length (default: ${DEFAULT-VALUE})")
    int promptTokens = 8;

    @Option(names = "--generate", paramLabel = "N", description = "tokens generated per generation (default: ${DEFAULT-VALUE})")
    int generate = 56;

    @Option(names = "--shadow-every", paramLabel = "K",
            description = "compare every K-th generation with a clean run (default: ${DEFAULT-VALUE})")
    int shadowEvery = 2;

    @Option(names = "--report-seconds", paramLabel = "S", description = "report period (default: ${DEFAULT-VALUE})")
    double reportSeconds = 60;

    @Option(names = "--seed", paramLabel = "S", description = "seed of prompts and faults (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", paramLabel = "FILE.json", description = "also write the summary (and every report line) as JSON")
    Path out;

    @Option(names = "--lines", paramLabel = "FILE.jsonl",
            description = "append each report line as JSON to FILE as it is produced (survives an interrupted run)")
    Path linesFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(reportSeconds > 0)) {
            throw new IllegalArgumentException("--report-seconds must be positive, got " + reportSeconds);
        }
        SoakConfig config = new SoakConfig(model, length.duration(), faultRate, protect, Duration.ofSeconds(scrubSeconds),
                SoakTarget.parseList(targets), promptTokens, generate, shadowEvery,
                Duration.ofMillis(Math.round(reportSeconds * 1000)), seed);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        err.println("soak: " + config.duration().toSeconds() + " s, " + faultRate + " faults/token into " + targets
                + ", protection " + protect.cliName() + ", scrub every " + (scrubSeconds == 0 ? "(off)" : scrubSeconds + " s")
                + ", 1 in " + shadowEvery + " generations shadow-checked");
        BufferedWriter lines = linesFile == null ? null : Files.newBufferedWriter(linesFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        SoakSummary summary;
        try {
            summary = Soak.run(config, line -> {
                stdout.println(line.format());
                stdout.flush();
                if (lines != null) {
                    lines.write(Soak.mapper().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(line));
                    lines.newLine();
                    lines.flush();
                }
            });
        } finally {
            if (lines != null) {
                lines.close();
            }
        }
        stdout.print(summary.format());
        stdout.flush();
        if (out != null) {
            Soak.writeJson(summary, out);
            err.println("wrote " + out);
        }
        return summary.last().crashes() == 0 && summary.last().sdcs() == 0 ? 0 : 1;
    }
}
