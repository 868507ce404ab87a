package io.radinfer.faults.runtime;

import io.radinfer.faults.campaign.Cancellation;
import io.radinfer.faults.model.ByteTarget;
import io.radinfer.faults.model.Corruption;
import io.radinfer.faults.model.ElementFormat;
import io.radinfer.faults.model.FaultModel;
import io.radinfer.faults.model.FaultSpecException;
import io.radinfer.faults.model.InjectionPlan;
import io.radinfer.faults.model.Target;
import io.radinfer.kernels.ops.KvCache;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.inject.FaultInjector;
import io.radinfer.runtime.inject.MemorySite;
import io.radinfer.runtime.inject.OpSite;
import io.radinfer.runtime.model.OpKind;

import java.util.Arrays;
import java.util.Locale;

/**
 * Applies one {@link InjectionPlan} to a session's run through the runtime's injection seams, and checks the
 * run's {@link Cancellation} at every op. One per worker; {@link #arm} it before a run and {@link #disarm} it
 * after (which restores weights it corrupted, so the next run starts from the golden weights).
 *
 * <p>Timing: the plan's token is the forward pass ({@link ModelTargetSpace}). A transient fault (activations,
 * accumulators, KV cache) happens once: a recomputation or replay after it sees clean state, as it would after
 * a real transient upset. Weights and scales are memory: the fault stays until scrubbed or the run ends; a
 * stuck-at fault ({@link FaultModel#persistent()}) is re-applied before every later pass, so even a scrubber's
 * repair does not clear it.
 */
final class PlannedInjector implements FaultInjector {
    private final ModelTargetSpace space;
    private final byte[] scratch = new byte[4];
    private final ByteTarget scratchBytes = ByteTarget.of(scratch);

    private InjectionPlan plan;
    private Cancellation cancellation;
    private OpKind op;
    private int layer;
    private boolean fired;
    private int pass;
    private long seen;
    private Tensor hitTensor;
    private Corruption original;
    private ByteTarget kvBytes;
    private long kvOffset;
    private int kvElementBytes;

    PlannedInjector(ModelTargetSpace space) {
        this.space = space;
    }

    /**
     * Checks that {@code fault} can be injected into {@code target}: stuck-at needs memory that holds the bit for
     * the run (weights, scales, KV cache).
     *
     * @throws FaultSpecException if not
     */
    static void checkSupported(Target target, FaultModel fault) {
        if (fault.persistent() && (target == Target.ACTIVATIONS || target == Target.ACCUMULATORS)) {
            throw new FaultSpecException(fault.cliName(), "a stuck-at bit needs memory that keeps it for the run; "
                    + "use it with weights, scales or kv-cache, not " + target.cliName());
        }
    }

    /** Prepares for a run with {@code plan}. */
    void arm(InjectionPlan plan, Cancellation cancellation) {
        checkSupported(plan.target(), plan.fault());
        this.plan = plan;
        this.cancellation = cancellation;
        this.fired = false;
        this.pass = -1;
        this.seen = 0;
        this.hitTensor = null;
        this.original = null;
        this.kvBytes = null;
        this.layer = plan.region().layer();
        this.op = switch (plan.target()) {
            case ACTIVATIONS, ACCUMULATORS -> OpKind.valueOf(plan.region().op().toUpperCase(Locale.ROOT));
            default -> null;
        };
    }

    /** Whether the fault was applied during the run. */
    boolean fired() {
        return fired;
    }

    /** Ends the run: restores corrupted weights to their golden bytes and forgets the plan. */
    void disarm() {
        if (hitTensor != null && original != null) {
            original.undo(ByteTarget.of(hitTensor.data()));
        }
        hitTensor = null;
        original = null;
        kvBytes = null;
        plan = null;
        cancellation = null;
    }

    @Override
    public void beforeForward(int position, int batch, MemorySite memory) {
        if (plan == null) {
            return;
        }
        cancellation.checkpoint();
        pass = space.passAt(position);
        seen = 0;
        Target t = plan.target();
        if (t == Target.WEIGHTS || t == Target.SCALES) {
            if (!fired && pass >= plan.token()) {
                hitTensor = findTensor(memory);
                original = plan.applyTo(ByteTarget.of(hitTensor.data()));
                fired = true;
            } else if (fired && plan.fault().persistent()) {
                plan.applyTo(ByteTarget.of(hitTensor.data()));
            }
        } else if (t == Target.KV_CACHE) {
            if (!fired && pass == plan.token() + 1) {
                locateKv(memory.cache(), memory.filled());
                plan.fault().apply(kvBytes, kvOffset, kvElementBytes, plan.bit(), plan.pattern());
                fired = true;
            } else if (fired && plan.fault().persistent() && kvBytes != null) {
                plan.fault().apply(kvBytes, kvOffset, kvElementBytes, plan.bit(), plan.pattern());
            }
        }
    }

    private Tensor findTensor(MemorySite memory) {
        String name = plan.region().name();
        for (Tensor w : memory.weights()) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalStateException("no weight tensor " + name + " in this model");
    }

    /** Finds the planned key or value element among the {@code filled} positions of the plan's layer. */
    private void locateKv(KvCache cache, int filled) {
        long per = (long) filled * cache.kvDim();
        long e = plan.element();
        if (e >= 2 * per) {
            throw new IllegalStateException("KV element " + e + " beyond the " + filled + " filled positions");
        }
        boolean value = e >= per;
        long j = value ? e - per : e;
        int pos = (int) (j / cache.kvDim());
        int i = (int) (j % cache.kvDim());
        kvElementBytes = cache.elementBytes();
        kvBytes = ByteTarget.of(value ? cache.values() : cache.keys());
        kvOffset = cache.index(layer, pos, i) * kvElementBytes;
    }

    @Override
    public void afterKernel(OpSite site) {
        if (plan == null) {
            return;
        }
        cancellation.checkpoint();
        if (fired || plan.target() != Target.ACCUMULATORS || pass != plan.token() || site.op() != op
                || site.layer() != layer || site.execution() != 0) {
            return;
        }
        boolean integer = plan.region().format() == ElementFormat.INT32;
        int perValue = integer ? site.accumulatorsPerRow() : 1;
        long units = (long) site.length() * perValue;
        long local = plan.element() - seen;
        seen += units;
        if (local < 0 || local >= units) {
            return;
        }
        fired = true;
        if (integer) {
            // The fault's effect on a 32-bit register, as the bits it inverts.
            Arrays.fill(scratch, (byte) 0);
            plan.fault().apply(scratchBytes, 0, 4, plan.bit(), plan.pattern());
            int mask = (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8 | (scratch[2] & 0xFF) << 16 | (scratch[3] & 0xFF) << 24;
            int row = (int) (local / perValue);
            int block = (int) (local % perValue);
            for (int b = 0; b < 32; b++) {
                if ((mask & (1 << b)) != 0) {
                    site.flipAccumulatorBit(row, block, b);
                }
            }
        } else {
            corruptValue(site, local);
        }
    }

    @Override
    public void atRest(OpSite site) {
        if (plan == null) {
            return;
        }
        cancellation.checkpoint();
        if (fired || plan.target() != Target.ACTIVATIONS || pass != plan.token() || site.op() != op
                || site.layer() != layer) {
            return;
        }
        long local = plan.element() - seen;
        seen += site.length();
        if (local < 0 || local >= site.length()) {
            return;
        }
        fired = true;
        corruptValue(site, local);
    }

    private void corruptValue(OpSite site, long local) {
        long offset = 4L * (site.offset() + local);
        plan.fault().apply(new FloatArrayBytes(site.output()), offset, 4, plan.bit(), plan.pattern());
    }
}
