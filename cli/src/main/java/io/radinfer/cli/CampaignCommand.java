package io.radinfer.cli;

import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignJson;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.ProgressDisplay;
import io.radinfer.faults.campaign.ResultsReader;
import io.radinfer.faults.campaign.RunStats;
import io.radinfer.faults.campaign.ShardSpec;
import io.radinfer.faults.environment.Environments;
import io.radinfer.faults.environment.RadiationEnvironment;
import io.radinfer.faults.model.BitRestriction;
import io.radinfer.faults.model.FaultModel;
import io.radinfer.faults.model.FaultSpec;
import io.radinfer.faults.model.Target;
import io.radinfer.faults.report.CampaignReport;
import io.radinfer.faults.report.CampaignSummary;
import io.radinfer.faults.runtime.CampaignRun;
import io.radinfer.faults.runtime.RuntimeCampaign;
import io.radinfer.faults.stats.SampleSize;
import io.radinfer.runtime.LoadOptions;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.builtin.BuiltinModel;
import io.radinfer.runtime.protect.ProtectionPreset;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code radinfer campaign}: a fault-injection campaign on a model (golden run, then N injections in parallel,
 * resumable, shardable), written as {@code results.jsonl}, {@code summary.json}, {@code summary.md} and PNG plots
 * in {@code --out}; or, with {@code --replay ID}, one injection alone, printed as its result line.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a fault-injection campaign: a golden run, then N injections in parallel, each classified "
                + "masked, sdc, detected_corrected, detected_uncorrectable, crash or hang.",
            "Results are appended to DIR/results.jsonl as they finish; rerunning the same command resumes. "
                + "Reports: DIR/summary.json, DIR/summary.md and PNG plots."})
final class CampaignCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true)
    RunCommand.Prompt prompt;

    @Option(names = {"--tokens", "--steps"}, paramLabel = "N",
            description = "tokens generated per run: forward passes a fault can be timed into (default: ${DEFAULT-VALUE})")
    int tokens = 32;

    @Option(names = "--target", required = true, paramLabel = "TARGET", converter = TargetConverter.class,
            description = "weights, scales, activations, kv-cache or accumulators")
    Target target;

    @Option(names = "--fault", paramLabel = "FAULT", converter = FaultConverter.class,
            description = "bitflip, mbu:K, mbu:K:bytes, stuck-at[:0|1], burst:N (default: bitflip)")
    FaultModel fault = FaultSpec.parse("bitflip");

    @Option(names = "--bits", paramLabel = "BITS", converter = BitsConverter.class,
            description = "bits a fault may hit: all, sign, exponent, mantissa, scale (default: all)")
    BitRestriction bits = BitRestriction.ALL;

    @Option(names = "--protect", paramLabel = "MODE", converter = ModelOptions.PresetConverter.class,
            description = "protection: none, checksum, selective, dmr, tmr (default: ${DEFAULT-VALUE})")
    ProtectionPreset protect = ProtectionPreset.NONE;

    @ArgGroup(exclusive = true)
    Size size;

    static final class Size {
        @Option(names = {"--n", "--injections"}, paramLabel = "N", description = "number of injections")
        Long n;

        @Option(names = "--plan-margin", paramLabel = "E",
                description = "margin of error e in (0, 1): N from Leveugle et al. (DATE 2009) over the fault space")
        Double margin;
    }

    @Option(names = "--confidence", paramLabel = "C", description = "confidence for --plan-margin (default: ${DEFAULT-VALUE})")
    double confidence = 0.95;

    @Option(names = "--seed", paramLabel = "SEED", description = "campaign seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--token", paramLabel = "T", description = "inject at pass T only (default: drawn per injection)")
    Integer token;

    @Option(names = "--shard", paramLabel = "i/n", converter = ShardConverter.class,
            description = "run only the ids with id %% n == i (merge the shards with radinfer merge)")
    ShardSpec shard = ShardSpec.ALL;

    @Option(names = "--replay", paramLabel = "ID", description = "run injection ID alone and print its result line")
    Long replay;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (needed unless --replay)")
    Path out;

    @Option(names = "--environment", paramLabel = "NAME",
            description = "project the rates onto a radiation environment, e.g. leo-550 (see docs/fault-model.md)")
    String environment;

    @Option(names = "--temperature", paramLabel = "T", description = "sampling temperature, 0 = greedy (default: ${DEFAULT-VALUE})")
    float temperature = 0f;

    @Option(names = "--top-p", paramLabel = "P", description = "nucleus mass (default: ${DEFAULT-VALUE})")
    float topP = 0.9f;

    @Option(names = "--sampler-seed", paramLabel = "S", description = "sampler seed, the same for every run (default: ${DEFAULT-VALUE})")
    long samplerSeed = 1;

    @Option(names = "--progress", paramLabel = "WHEN",
            description = "auto (a bar on a terminal, none when redirected or in CI), always or never (default: ${DEFAULT-VALUE})")
    String progress = "auto";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RadiationEnvironment env = environment == null ? null : Environments.builtIn().byName(environment);
        int[] promptIds;
        String modelName;
        try (Model first = model.load(err)) {
            promptIds = promptIds(first);
            modelName = first.source() == null ? "built-in" : first.source().getFileName().toString();
        }
        Path file = model.model == null ? BuiltinModel.ensure() : model.model;
        RuntimeCampaign.Settings settings = new RuntimeCampaign.Settings(promptIds, tokens, protect, temperature, topP,
                samplerSeed, model.kvCache, true);
        LoadOptions lo = LoadOptions.defaults();
        if (model.tokenizer != null) {
            lo = lo.withTokenizer(model.tokenizer);
        }
        LoadOptions load = lo;
        long t0 = System.nanoTime();
        try (RuntimeCampaign rc = new RuntimeCampaign(() -> Model.load(file, load), settings)) {
            long n = size != null && size.n != null ? size.n : 0;
            if (size != null && size.margin != null) {
                // The fault-space size does not depend on N: plan with a placeholder N, then size the campaign.
                double population = new CampaignRun(rc, spec(modelName, 1)).planner().faultSpaceSize();
                n = SampleSize.leveugle(size.margin, confidence, population);
                err.printf(Locale.ROOT, "plan: fault space %.4g locations; margin %.4g at confidence %.3g -> %d injections%n",
                        population, size.margin, confidence, n);
            }
            if (replay != null && n == 0) {
                n = replay + 1;
            }
            CampaignRun run = new CampaignRun(rc, spec(modelName, n));
            err.printf(Locale.ROOT, "golden run: %d tokens in %.1f ms; hang time-out %d ms%n", rc.golden().steps(),
                    rc.golden().durationMs(), run.hangTimeout().toMillis());
            if (replay != null) {
                return replay(run, out, err);
            }
            CampaignDirectory dir = new CampaignDirectory(this.out);
            RunStats stats;
            long done0 = dir.manifestFile().toFile().exists() ? countDone(dir) : 0;
            long todo = shard.size(n) - done0;
            try (ProgressDisplay bar = progressDisplay(todo, done0)) {
                stats = run.run(dir, shard, model.threads, bar);
            }
            CampaignSummary s = CampaignReport.write(dir, stats.completed() > 0 ? stats.injectionsPerSecond() : null,
                    env, rc.weightBits());
            double wall = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%s: %d injections (%d this run, %.1f/s on %d threads, %.1f s wall)%n",
                    dir.path(), s.injections(), stats.completed(), stats.injectionsPerSecond(), stats.threads(), wall);
            out.printf(Locale.ROOT, "masked %d  sdc %d  detected_corrected %d  detected_uncorrectable %d  crash %d  hang %d%n",
                    s.masked(), s.sdc(), s.detectedCorrected(), s.detectedUncorrectable(), s.crash(), s.hang());
            out.printf(Locale.ROOT, "sdc_rate %.4g  ci95 [%.4g, %.4g]%n", s.sdcRate(), s.sdcCi95()[0], s.sdcCi95()[1]);
            if (s.environment() != null) {
                out.printf(Locale.ROOT, "%s: %.4g SDC/day ci95 [%.4g, %.4g]%n", s.environment().environment(),
                        s.environment().sdcPerDay(), s.environment().sdcPerDayCi95()[0], s.environment().sdcPerDayCi95()[1]);
            }
            if (stats.abandonedThreads() > 0) {
                err.println("note: " + stats.abandonedThreads() + " hung injections had not stopped when the run ended");
            }
        }
        return 0;
    }

    private CampaignRun.Spec spec(String modelName, long n) {
        return new CampaignRun.Spec(modelName, target, fault, bits, seed, n,
                token == null ? OptionalInt.empty() : OptionalInt.of(token));
    }

    private void validate() {
        if (tokens < 1) {
            throw new ParameterException(spec.commandLine(), "--tokens must be at least 1, got " + tokens);
        }
        if (replay == null && out == null) {
            throw new ParameterException(spec.commandLine(), "--out DIR is required (or --replay ID)");
        }
        if (replay == null && (size == null)) {
            throw new ParameterException(spec.commandLine(), "give the number of injections: --n N or --plan-margin E");
        }
        if (size != null && size.n != null && size.n < 1) {
            throw new ParameterException(spec.commandLine(), "--n must be at least 1, got " + size.n);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new ParameterException(spec.commandLine(), "--confidence must be in (0, 1), got " + confidence);
        }
        if (size != null && size.margin != null && !(size.margin > 0 && size.margin < 1)) {
            throw new ParameterException(spec.commandLine(), "--plan-margin must be in (0, 1), got " + size.margin);
        }
        if (replay != null && replay < 0) {
            throw new ParameterException(spec.commandLine(), "--replay takes an id >= 0, got " + replay);
        }
        if (token != null && (token < 0 || token >= tokens)) {
            throw new ParameterException(spec.commandLine(), "--token must be in 0.." + (tokens - 1) + ", got " + token);
        }
        if (!progress.equals("auto") && !progress.equals("always") && !progress.equals("never")) {
            throw new ParameterException(spec.commandLine(), "--progress must be auto, always or never, got '" + progress + "'");
        }
    }

    private ProgressDisplay progressDisplay(long todo, long done) {
        return switch (progress) {
            case "never" -> ProgressDisplay.quiet();
            case "always" -> ProgressDisplay.bar(todo, done, null);
            default -> ProgressDisplay.forThisProcess(todo, done);
        };
    }

    private long countDone(CampaignDirectory dir) throws IOException {
        long[] c = {0};
        if (Files.exists(dir.results())) {
            ResultsReader.read(dir.results(), (r, line) -> {
                if (shard.contains(r.id())) {
                    c[0]++;
                }
            });
        }
        return c[0];
    }

    /** Runs one id and prints its result line; with --out, compares it with the recorded one. */
    private int replay(CampaignRun run, PrintWriter out, PrintWriter err) throws Exception {
        InjectionResult r = run.replay(replay);
        out.println(CampaignJson.mapper().writeValueAsString(r));
        if (this.out != null && Files.exists(new CampaignDirectory(this.out).results())) {
            InjectionResult[] recorded = {null};
            ResultsReader.read(new CampaignDirectory(this.out).results(), (x, line) -> {
                if (x.id() == replay) {
                    recorded[0] = x;
                }
            });
            if (recorded[0] == null) {
                err.println("replay: id " + replay + " is not in " + this.out.resolve("results.jsonl"));
            } else if (recorded[0].sameOutcomeAs(r)) {
                err.println("replay: same outcome as recorded (" + r.outcome().jsonName() + ")");
            } else {
                err.println("replay: DIFFERS from the recorded result (" + recorded[0].outcome().jsonName() + " vs "
                        + r.outcome().jsonName() + ")");
                return 1;
            }
        }
        return 0;
    }

    private int[] promptIds(Model m) {
        if (prompt != null && prompt.ids != null) {
            int[] given = prompt.ids.ids();
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

    static final class TargetConverter implements picocli.CommandLine.ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            return Target.parse(value);
        }
    }

    static final class FaultConverter implements picocli.CommandLine.ITypeConverter<FaultModel> {
        @Override
        public FaultModel convert(String value) {
            return FaultSpec.parse(value);
        }
    }

    static final class BitsConverter implements picocli.CommandLine.ITypeConverter<BitRestriction> {
        @Override
        public BitRestriction convert(String value) {
            return BitRestriction.parse(value);
        }
    }

    static final class ShardConverter implements picocli.CommandLine.ITypeConverter<ShardSpec> {
        @Override
        public ShardSpec convert(String value) {
            return ShardSpec.parse(value);
        }
    }
}
