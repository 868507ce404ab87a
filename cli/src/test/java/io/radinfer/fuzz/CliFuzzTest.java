package io.radinfer.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.radinfer.cli.Radinfer;
import picocli.CommandLine;

/**
 * Fuzzes radinfer's command-line parsing: picocli's parse of {@link Radinfer#commandLine()} with every subcommand,
 * option type converter and arity. Parsing only: no command runs, so nothing is loaded or written. The only allowed
 * failure is a picocli {@link CommandLine.ParameterException}. The arguments mix the words radinfer knows with
 * arbitrary strings; seeds in {@code CliFuzzTestInputs/parse/}.
 */
class CliFuzzTest {
    private static final String[] WORDS = {
        "run", "demo", "logits", "quantize", "bench", "profiles", "simulate", "soak", "help", "show", "list",
        "--model", "--tokenizer", "--prompt", "--steps", "--temperature", "--top-p", "--seed", "--threads", "--protect",
        "--out", "--type", "--hours", "--minutes", "--fault-rate", "--profile", "--help", "--version", "-h", "-V",
        "--", "-", "=", "q8_0", "checksum", "tmr", "none", "0", "-1", "1e309", "NaN", "2147483648", "", "@", "x=y"};

    @FuzzTest(maxDuration = "10m")
    void parse(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 12);
        String[] args = new String[n];
        for (int i = 0; i < n; i++) {
            args[i] = data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(40);
            if (args[i].startsWith("@")) {
                args[i] = "x" + args[i]; // @file expansion reads files; parsing must not touch the file system
            }
        }
        try {
            Radinfer.commandLine().parseArgs(args);
        } catch (CommandLine.ParameterException expected) {
            // typed refusal
        }
    }
}
