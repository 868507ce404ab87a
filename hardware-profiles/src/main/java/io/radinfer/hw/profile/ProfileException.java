package io.radinfer.hw.profile;

import java.io.IOException;

/**
 * A profile or calibration file radinfer cannot use: unreadable, not YAML/JSON, a field missing or of the
 * wrong type, or a value that is impossible (negative power, a junction limit below the sink temperature,
 * throttle trips out of order, DVFS states that are not monotonic). The message names the file and the
 * field and what to do; both are also available as fields.
 */
public class ProfileException extends IOException {
    private final String file;
    private final String field;

    /**
     * @param file the file, as the user would find it ({@code classpath:profiles/gr740.yaml} for a built-in)
     * @param field the dotted path of the field, e.g. {@code thermal.throttle_trips_c[1]}, or {@code null}
     *     if the whole file is at fault
     * @param problem what is wrong, and if possible what to do about it
     */
    public ProfileException(String file, String field, String problem) {
        super(file + (field == null ? "" : " (" + field + ")") + ": " + problem);
        this.file = file;
        this.field = field;
    }

    public ProfileException(String file, String field, String problem, Throwable cause) {
        this(file, field, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}
