package io.radinfer.runtime.protect;

import io.radinfer.runtime.model.OpKind;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the protection layer saw, per layer and op (the weight scrubber keeps its own counters). Counters
 * are atomic: spatial-TMR replicas update them concurrently with the session.
 */
public final class ProtectionStats {
    /** What happened to an op. */
    public enum Event {
        /** A check failed or replicas disagreed. */
        DETECTED,
        /** A detected fault was corrected (recompute agreed, or a vote had a majority). */
        CORRECTED,
        /** Extra computations spent on recovery (beyond the mode's normal replicas). */
        RECOMPUTED,
        /** A fault that stayed after the retry budget: {@link UncorrectableFaultException}. */
        UNCORRECTABLE
    }

    private static final int OPS = OpKind.values().length;
    private static final int EVENTS = Event.values().length;

    private final int layers;
    private final AtomicLongArray counts;

    public ProtectionStats(int layers) {
        this.layers = layers;
        this.counts = new AtomicLongArray((layers + 1) * OPS * EVENTS);
    }

    private int index(int layer, OpKind op, Event e) {
        return ((layer + 1) * OPS + op.ordinal()) * EVENTS + e.ordinal();
    }

    public void add(int layer, OpKind op, Event e) {
        counts.incrementAndGet(index(layer, op, e));
    }

    public long get(int layer, OpKind op, Event e) {
        return counts.get(index(layer, op, e));
    }

    /** The count of {@code e} over all layers and ops. */
    public long total(Event e) {
        long s = 0;
        for (int l = -1; l < layers; l++) {
            for (OpKind op : OpKind.values()) {
                s += get(l, op, e);
            }
        }
        return s;
    }

    /** One non-zero counter: where and what. */
    public record Entry(int layer, OpKind op, Event event, long count) {
    }

    /** Every non-zero per-op counter, layer by layer. */
    public List<Entry> nonZero() {
        List<Entry> out = new ArrayList<>();
        for (int l = -1; l < layers; l++) {
            for (OpKind op : OpKind.values()) {
                for (Event e : Event.values()) {
                    long c = get(l, op, e);
                    if (c != 0) {
                        out.add(new Entry(l, op, e, c));
                    }
                }
            }
        }
        return out;
    }

    /** One line for logs and the CLI: totals of every event. */
    public String summary() {
        return "detected=" + total(Event.DETECTED) + " corrected=" + total(Event.CORRECTED)
                + " recomputed=" + total(Event.RECOMPUTED) + " uncorrectable=" + total(Event.UNCORRECTABLE);
    }
}
