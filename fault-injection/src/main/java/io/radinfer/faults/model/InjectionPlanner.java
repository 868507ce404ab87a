package io.radinfer.faults.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Turns (campaign seed, injection id) into an {@link InjectionPlan}. The plan depends on nothing else: not on
 * the shard, the thread, or the ids run before, so any injection can be replayed alone.
 *
 * <p>Sampling is uniform over the fault space: the token is uniform over the run (unless fixed), then every
 * (element, allowed bit) pair of every region live at that token is equally likely, i.e. a region is chosen
 * with probability proportional to {@code elements x allowed bits}.
 *
 * <pre>{@code
 * InjectionPlanner planner = new InjectionPlanner(42, space, Target.WEIGHTS, FaultSpec.parse("bitflip"),
 *         BitRestriction.ALL, OptionalInt.empty());
 * InjectionPlan p = planner.plan(17);   // the same plan on every machine, every time
 * }</pre>
 */
public final class InjectionPlanner {
    private final long campaignSeed;
    private final TargetSpace space;
    private final Target target;
    private final FaultModel fault;
    private final BitRestriction restriction;
    private final OptionalInt fixedToken;

    /**
     * @param campaignSeed the campaign's {@code --seed}
     * @param space the runtime's description of where faults can land
     * @param target what to inject into
     * @param fault the fault model
     * @param bits which bits of an element may be hit ({@code all} for the physical default)
     * @param fixedToken the decode step to inject at, or empty to draw it uniformly per injection
     * @throws FaultSpecException if the target has no regions, the restriction does not apply to its elements,
     *         or the fault does not fit them
     * @throws IllegalArgumentException if the space has no steps or the fixed token is outside the run
     */
    public InjectionPlanner(long campaignSeed, TargetSpace space, Target target, FaultModel fault,
            BitRestriction bits, OptionalInt fixedToken) {
        this.campaignSeed = campaignSeed;
        this.space = Objects.requireNonNull(space, "space");
        this.target = Objects.requireNonNull(target, "target");
        this.fault = Objects.requireNonNull(fault, "fault");
        this.restriction = target.effectiveRestriction(Objects.requireNonNull(bits, "bits"));
        this.fixedToken = Objects.requireNonNull(fixedToken, "fixedToken");
        if (space.steps() < 1) {
            throw new IllegalArgumentException("the run must have at least one step, got " + space.steps());
        }
        if (fixedToken.isPresent() && (fixedToken.getAsInt() < 0 || fixedToken.getAsInt() >= space.steps())) {
            throw new IllegalArgumentException("fixed injection token " + fixedToken.getAsInt()
                    + " is outside the run's steps [0, " + space.steps() + ")");
        }
        int probe = fixedToken.orElse(space.steps() - 1);
        List<TargetRegion> regions = space.regions(target, probe);
        if (regions.isEmpty()) {
            throw new FaultSpecException(target.cliName(), "this model has no " + target.cliName()
                    + " to inject into (e.g. 'scales' needs quantized weights)");
        }
        for (TargetRegion r : regions) {
            r.format().allowedBits(restriction);
            fault.checkFits(r.format());
        }
    }

    /** The bit restriction in force (after {@link Target#effectiveRestriction}). */
    public BitRestriction restriction() {
        return restriction;
    }

    /**
     * The plan of injection {@code id}.
     *
     * @throws IllegalArgumentException if {@code id < 0}
     * @throws IllegalStateException if the target space has no live region at the drawn token
     */
    public InjectionPlan plan(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("injection ids start at 0, got " + id);
        }
        long seed = SeedSequence.injectionSeed(campaignSeed, id);
        SplittableRandom rng = new SplittableRandom(seed);
        int token = fixedToken.isPresent() ? fixedToken.getAsInt() : rng.nextInt(space.steps());
        List<TargetRegion> regions = space.regions(target, token);
        long total = 0;
        for (TargetRegion r : regions) {
            total = Math.addExact(total, Math.multiplyExact(r.elements(), r.format().allowedBits(restriction).length));
        }
        if (total == 0) {
            throw new IllegalStateException("no " + target.cliName() + " region is live at token " + token);
        }
        long pick = rng.nextLong(total);
        for (TargetRegion r : regions) {
            int[] allowed = r.format().allowedBits(restriction);
            long size = r.elements() * allowed.length;
            if (pick < size) {
                return new InjectionPlan(id, seed, target, r, token, pick / allowed.length,
                        allowed[(int) (pick % allowed.length)], fault, rng.nextLong());
            }
            pick -= size;
        }
        throw new AssertionError("pick " + pick + " beyond total " + total);
    }

    /**
     * The size {@code N} of the fault space the plans sample: the number of distinct (token, region, element,
     * bit) locations, summed over the tokens that can be drawn. This is the population of Leveugle et al.'s
     * sample-size formula ({@link io.radinfer.faults.stats.SampleSize}). A double, because it easily exceeds
     * 2^63 for real models.
     */
    public double faultSpaceSize() {
        double n = 0;
        int from = fixedToken.orElse(0);
        int to = fixedToken.isPresent() ? fixedToken.getAsInt() + 1 : space.steps();
        for (int token = from; token < to; token++) {
            for (TargetRegion r : space.regions(target, token)) {
                n += (double) r.elements() * r.format().allowedBits(restriction).length;
            }
        }
        return n;
    }
}
