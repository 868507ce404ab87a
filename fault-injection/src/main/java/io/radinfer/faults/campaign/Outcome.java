package io.radinfer.faults.campaign;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How one injection ended, compared with the golden (fault-free) run. The JSON names are the ones used in
 * {@code results.jsonl} and {@code summary.json}.
 */
public enum Outcome {
    /** The generated token ids are identical to the golden run's. */
    MASKED("masked"),
    /** Silent data corruption: the generated ids differ from the golden run's within the generated length. */
    SDC("sdc"),
    /** Protection detected the fault and corrected it; the output equals the golden run's. */
    DETECTED_CORRECTED("detected_corrected"),
    /** Protection detected the fault and could not correct it (a typed exception from protection): a DUE. */
    DETECTED_UNCORRECTABLE("detected_uncorrectable"),
    /** Any other exception, or NaN/Inf escaping where the protection mode should have caught it. */
    CRASH("crash"),
    /** The run did not finish within the time-out (10x the golden run by default). */
    HANG("hang");

    private final String jsonName;

    Outcome(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in result files, e.g. {@code detected_uncorrectable}. */
    @JsonValue
    public String jsonName() {
        return jsonName;
    }

    /**
     * The outcome with this JSON name.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    @JsonCreator
    public static Outcome fromJson(String name) {
        for (Outcome o : values()) {
            if (o.jsonName.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + name
                + "'; expected masked, sdc, detected_corrected, detected_uncorrectable, crash or hang");
    }
}
