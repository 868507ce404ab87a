package io.radinfer.hw.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * Published radiation facts, where there are any.
 *
 * @param tidKrad total ionising dose the part is rated for, krad(Si), or {@code null} if none is published
 * @param selThresholdMevCm2PerMg single-event latch-up LET threshold (or the highest LET tested without
 *     latch-up), MeV cm^2/mg, or {@code null} if none is published
 * @param notes heritage and what else is known, in words
 */
public record RadiationSpec(Figure tidKrad, Figure selThresholdMevCm2PerMg, String notes) {

    public RadiationSpec {
        Objects.requireNonNull(notes, "notes");
    }

    public Optional<Figure> tid() {
        return Optional.ofNullable(tidKrad);
    }

    public Optional<Figure> selThreshold() {
        return Optional.ofNullable(selThresholdMevCm2PerMg);
    }
}
