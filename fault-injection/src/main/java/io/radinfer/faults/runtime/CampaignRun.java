package io.radinfer.faults.runtime;

import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.campaign.DoneIds;
import io.radinfer.faults.campaign.HangTimeout;
import io.radinfer.faults.campaign.IdSchedule;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.ParallelInjectionRunner;
import io.radinfer.faults.campaign.ProgressDisplay;
import io.radinfer.faults.campaign.ResultsWriter;
import io.radinfer.faults.campaign.RunStats;
import io.radinfer.faults.campaign.ShardSpec;
import io.radinfer.faults.model.BitRestriction;
import io.radinfer.faults.model.FaultModel;
import io.radinfer.faults.model.InjectionPlanner;
import io.radinfer.faults.model.Target;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One campaign over a {@link RuntimeCampaign}: what to inject ({@link Spec}), and the ways to run it — a
 * directory (whole or one shard, resumed if it already holds results of the same campaign) or one id alone.
 *
 * <pre>{@code
 * try (RuntimeCampaign rc = new RuntimeCampaign(() -> Model.load(file), settings)) {
 *     CampaignRun run = new CampaignRun(rc, new CampaignRun.Spec("stories260K.bin", Target.ACCUMULATORS,
 *             FaultSpec.parse("bitflip"), BitRestriction.ALL, 42, 2000, OptionalInt.empty()));
 *     RunStats stats = run.run(new CampaignDirectory(out), ShardSpec.ALL, 2, ProgressDisplay.quiet());
 * }
 * }</pre>
 */
public final class CampaignRun {

    /**
     * What a campaign injects.
     *
     * @param model the model's name as recorded in the manifest (a file name, or {@code built-in})
     * @param target what is hit
     * @param fault the fault model
     * @param bits which bits of an element may be hit
     * @param seed the campaign seed
     * @param injections N (ids {@code 0 .. N-1})
     * @param fixedToken the pass to inject at, or empty to draw it per injection
     */
    public record Spec(String model, Target target, FaultModel fault, BitRestriction bits, long seed, long injections,
            OptionalInt fixedToken) {

        /** Checks the values. */
        public Spec {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(bits, "bits");
            Objects.requireNonNull(fixedToken, "fixedToken");
            if (injections < 1 || injections > IdSchedule.MAX_INJECTIONS) {
                throw new IllegalArgumentException("the number of injections must be between 1 and "
                        + IdSchedule.MAX_INJECTIONS + ", got " + injections);
            }
        }
    }

    private final RuntimeCampaign campaign;
    private final Spec spec;
    private final InjectionPlanner planner;

    /**
     * @throws io.radinfer.faults.model.FaultSpecException if the target, bits and fault do not fit this model
     */
    public CampaignRun(RuntimeCampaign campaign, Spec spec) {
        this.campaign = Objects.requireNonNull(campaign, "campaign");
        this.spec = Objects.requireNonNull(spec, "spec");
        RuntimeCampaign.checkSupported(spec.target(), spec.fault());
        this.planner = new InjectionPlanner(spec.seed(), campaign.space(), spec.target(), spec.fault(), spec.bits(),
                spec.fixedToken());
    }

    /** The planner (e.g. for the fault-space size). */
    public InjectionPlanner planner() {
        return planner;
    }

    /** The manifest of this campaign, for {@code shard} ({@link ShardSpec#ALL}: the whole). */
    public CampaignManifest manifest(ShardSpec shard) {
        GoldenRun g = campaign.golden();
        return new CampaignManifest(CampaignManifest.FORMAT_VERSION, spec.model(), g.fingerprint(), g.durationMs(),
                spec.target().cliName(), spec.fault().cliName(), planner.restriction().cliName(),
                campaign.settings().protect().cliName(), campaign.settings().tokens(), spec.seed(), spec.injections(),
                spec.fixedToken().isPresent() ? spec.fixedToken().getAsInt() : null,
                shard.equals(ShardSpec.ALL) ? null : shard);
    }

    /** The hang time-out: 10x the golden run, at least 2 s. */
    public Duration hangTimeout() {
        return HangTimeout.forGolden(Duration.ofNanos((long) (campaign.golden().durationMs() * 1e6)));
    }

    /**
     * Runs the ids of {@code shard} not yet in {@code dir} on {@code threads} workers, appending to its
     * {@code results.jsonl}.
     *
     * @throws io.radinfer.faults.campaign.ResultsFileException if {@code dir} holds another campaign or shard
     */
    public RunStats run(CampaignDirectory dir, ShardSpec shard, int threads, ProgressDisplay progress)
            throws IOException, InterruptedException {
        DoneIds done = dir.prepare(manifest(shard));
        IdSchedule ids = new IdSchedule(spec.injections(), shard, done);
        try (ResultsWriter out = ResultsWriter.open(dir.results())) {
            return new ParallelInjectionRunner(ParallelInjectionRunner.Options.defaults(hangTimeout()).withThreads(threads))
                    .run(ids, planner::plan, campaign, out, progress);
        }
    }

    /**
     * Runs injection {@code id} alone, with the same plan, classification and hang time-out as in the campaign.
     *
     * @throws IllegalArgumentException if {@code id} is not one of the campaign's ids
     */
    public InjectionResult replay(long id) throws InterruptedException {
        if (id < 0 || id >= spec.injections()) {
            throw new IllegalArgumentException("--replay " + id + " is not an id of this campaign (0.."
                    + (spec.injections() - 1) + ")");
        }
        List<InjectionResult> got = new ArrayList<>(1);
        new ParallelInjectionRunner(ParallelInjectionRunner.Options.defaults(hangTimeout()).withThreads(1))
                .run(IdSchedule.only(id), planner::plan, campaign, got::add, ProgressDisplay.quiet());
        return got.getFirst();
    }
}
