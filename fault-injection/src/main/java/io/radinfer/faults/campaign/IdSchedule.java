package io.radinfer.faults.campaign;

import java.util.Objects;

/**
 * The ids a run still has to do: {@code 0 .. injections-1}, restricted to one shard, minus those already done,
 * handed out in ascending order to whichever worker asks next. Ids are produced on demand, so memory does not
 * grow with the campaign size.
 */
public final class IdSchedule {
    /** Largest supported campaign size (ids are tracked in a bit set). */
    public static final long MAX_INJECTIONS = Integer.MAX_VALUE;

    private final long end;
    private final long step;
    private final DoneIds done;
    private final long remaining;
    private final long alreadyDone;
    private long next;

    /**
     * @param injections the campaign size N, {@code 1 <= N <= MAX_INJECTIONS}
     * @param shard the shard this run does ({@link ShardSpec#ALL} for all)
     * @param done ids to skip
     */
    public IdSchedule(long injections, ShardSpec shard, DoneIds done) {
        if (injections < 1 || injections > MAX_INJECTIONS) {
            throw new IllegalArgumentException(
                    "the number of injections must be between 1 and " + MAX_INJECTIONS + ", got " + injections);
        }
        Objects.requireNonNull(shard, "shard");
        this.done = Objects.requireNonNull(done, "done");
        this.end = injections;
        this.step = shard.count();
        this.next = shard.index();
        this.alreadyDone = done.countIn(injections, shard);
        this.remaining = shard.size(injections) - alreadyDone;
    }

    private IdSchedule(long id) {
        this.done = DoneIds.none();
        this.end = id + 1;
        this.step = 1;
        this.next = id;
        this.alreadyDone = 0;
        this.remaining = 1;
    }

    /**
     * A schedule of the single id {@code id}, for {@code --replay ID}: the injection runs alone, with the
     * same plan and classification (including the hang time-out) as in the full campaign.
     *
     * @throws IllegalArgumentException if {@code id} is outside {@code [0, MAX_INJECTIONS)}
     */
    public static IdSchedule only(long id) {
        if (id < 0 || id >= MAX_INJECTIONS) {
            throw new IllegalArgumentException("injection id must be between 0 and " + (MAX_INJECTIONS - 1)
                    + ", got " + id);
        }
        return new IdSchedule(id);
    }

    /** How many ids this schedule hands out in total. */
    public long remaining() {
        return remaining;
    }

    /** How many ids of this shard were already done when the schedule was made. */
    public long alreadyDone() {
        return alreadyDone;
    }

    /** The next id to run, or -1 when there is none left. Thread-safe. */
    public synchronized long next() {
        while (next < end) {
            long id = next;
            next += step;
            if (!done.contains(id)) {
                return id;
            }
        }
        return -1;
    }
}
