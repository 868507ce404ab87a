package io.radinfer.faults.campaign;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One shard of a campaign's id space: shard {@code index} of {@code count} runs the ids with
 * {@code id % count == index}. The split depends on the id alone, so an array job (Slurm
 * {@code --array=0-(n-1)} with {@code --shard $SLURM_ARRAY_TASK_ID/n}, or a Kubernetes indexed Job with
 * {@code JOB_COMPLETION_INDEX}) can run the shards anywhere, in any order, and their union is the whole
 * campaign with no id twice.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count how many shards, at least 1
 */
public record ShardSpec(int index, int count) {

    /** The whole campaign as one shard. */
    public static final ShardSpec ALL = new ShardSpec(0, 1);

    /** Checks {@code 0 <= index < count}. */
    public ShardSpec {
        if (count < 1) {
            throw new ShardSpecException(index + "/" + count, "the shard count n must be at least 1");
        }
        if (index < 0 || index >= count) {
            throw new ShardSpecException(index + "/" + count,
                    "the shard index i must satisfy 0 <= i < n (shards are numbered from 0)");
        }
    }

    /**
     * Parses {@code i/n}.
     *
     * @throws ShardSpecException if the form or the numbers are wrong
     */
    @JsonCreator
    public static ShardSpec parse(String s) {
        if (s == null) {
            throw new ShardSpecException("null", "expected i/n, e.g. 0/4");
        }
        String[] parts = s.trim().split("/", -1);
        if (parts.length != 2) {
            throw new ShardSpecException(s, "expected i/n, e.g. 0/4");
        }
        try {
            return new ShardSpec(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new ShardSpecException(s, "i and n must be whole numbers, e.g. 0/4");
        }
    }

    /** Whether this shard runs injection {@code id}. */
    public boolean contains(long id) {
        return Math.floorMod(id, count) == index;
    }

    /** How many of the ids {@code 0 .. injections-1} this shard runs. */
    public long size(long injections) {
        long full = injections / count;
        return full + (injections % count > index ? 1 : 0);
    }

    /** {@code i/n}, the form {@link #parse} reads. */
    @JsonValue
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
