package io.radinfer.faults.environment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One sourced claim behind an environment's numbers.
 *
 * @param grade S (seen in the named source), D (derived), E (estimate), R (commonly quoted, not re-checked)
 * @param claim what the source says
 * @param source where it says it
 */
public record SourceNote(@JsonProperty("grade") String grade, @JsonProperty("claim") String claim,
        @JsonProperty("source") String source) {
}
