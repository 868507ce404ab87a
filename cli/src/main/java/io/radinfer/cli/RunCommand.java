package io.radinfer.cli;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionStats;
import io.radinfer.runtime.protect.ProtectionPreset;
import io.radinfer.runtime.sample.Samplers;
import io.radinfer.runtime.tokenizer.TokenDecoder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code radinfer run}: generates from a prompt, streaming text (or, with {@code --ids}, the generated token
 * ids one per line) to stdout; statistics go to stderr. Sampling and stopping follow llama2.c's run.c.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate from a prompt: text to stdout (or token ids with --ids), statistics to stderr.",
            "Sampling and stopping follow llama2.c's run.c: --steps counts positions including the prompt; "
                + "generation stops early at BOS or EOS."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true)
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "prompt text (needs the model's tokenizer)")
        String text;

        @Option(names = "--prompt-ids", paramLabel = "IDS", converter = TokenIds.Converter.class,
                description = "prompt as comma-separated token ids, e.g. 1,10,20")
        TokenIds ids;
    }

    @Option(names = "--steps", paramLabel = "N", description = "positions to fill, prompt included (default: ${DEFAULT-VALUE})")
    int steps = 256;

    @Option(names = "--temperature", paramLabel = "T", description = "0 = greedy (default: ${DEFAULT-VALUE})")
    float temperature = 1.0f;

    @Option(names = "--top-p", paramLabel = "P", description = "nucleus sampling mass; 1 = plain sampling (default: ${DEFAULT-VALUE})")
    float topP = 0.9f;

    @Option(names = "--seed", paramLabel = "S", description = "sampler seed (default: from the clock, printed on stderr)")
    Long seed;

    @Option(names = "--ids", description = "print only the generated token ids, one per line")
    boolean ids;

    @Option(names = "--protect", paramLabel = "MODE", converter = ModelOptions.PresetConverter.class,
            description = "protection: none, checksum, selective, dmr, tmr (default: ${DEFAULT-VALUE})")
    ProtectionPreset protect = ProtectionPreset.NONE;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (Model m = model.load(err)) {
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            int vocab = m.config().vocab();
            int[] promptIds = promptIds(m);
            int limit = steps;
            if (limit > m.config().contextLength()) {
                err.println("note: --steps " + steps + " exceeds the model's context of " + m.config().contextLength() + "; using that");
                limit = m.config().contextLength();
            }
            if (promptIds.length > limit) {
                throw new IllegalArgumentException("the prompt has " + promptIds.length + " tokens, more than the " + limit + " steps");
            }
            long s = seed != null ? seed : Math.max(1, System.currentTimeMillis() / 1000);
            if (seed == null) {
                err.println("seed: " + s);
            }
            TokenDecoder decoder = m.tokenizer() == null ? null : m.tokenizer().newDecoder();
            StringBuilder text = new StringBuilder();
            if (!ids && decoder != null) {
                for (int i = 0; i < promptIds.length; i++) {
                    decoder.next(promptIds[i], text);
                }
                out.print(text);
                out.flush();
            }
            if (!ids && decoder == null) {
                err.println("note: this model has no tokenizer (pass --tokenizer tokenizer.bin); printing token ids");
            }
            try (Session session = m.newSession(model.session(limit, protect))) {
                session.generate(promptIds, limit, Samplers.runC(temperature, topP, s, vocab), (token, pos) -> {
                    if (ids) {
                        out.println(token);
                    } else if (decoder != null) {
                        text.setLength(0);
                        decoder.next(token, text);
                        out.print(text);
                    } else {
                        out.print(token);
                        out.print(' ');
                    }
                    out.flush();
                    return true;
                });
                if (!ids) {
                    if (decoder != null) {
                        out.print(decoder.flush());
                    }
                    out.println();
                }
                out.flush();
                SessionStats st = session.stats();
                err.printf("load %.2f s; prefill %d tokens at %.1f tok/s; decode %d tokens at %.1f tok/s; threads %d; %s weights, %s%n",
                        loadSeconds, st.promptTokens(), st.prefillTokensPerSecond(), st.generatedTokens(),
                        st.decodeTokensPerSecond(), model.threads, m.format(), m.kernels().name());
                if (protect != ProtectionPreset.NONE) {
                    err.println("protection " + protect.cliName() + ": " + st.protectionSummary());
                }
            }
        }
        return 0;
    }

    private int[] promptIds(Model m) {
        int vocab = m.config().vocab();
        if (prompt != null && prompt.ids != null) {
            int[] given = prompt.ids.ids();
            for (int id : given) {
                if (id >= vocab) {
                    throw new IllegalArgumentException("--prompt-ids: token id " + id + " is outside the vocabulary 0.." + (vocab - 1));
                }
            }
            if (given.length == 0) {
                throw new IllegalArgumentException("--prompt-ids needs at least one id");
            }
            return given;
        }
        if (prompt != null && prompt.text != null) {
            if (m.tokenizer() == null) {
                throw new IllegalArgumentException("this model has no tokenizer; pass --tokenizer FILE or use --prompt-ids");
            }
            return m.tokenizer().encode(prompt.text, m.addBos(), false);
        }
        return new int[] {m.bos()};
    }
}
