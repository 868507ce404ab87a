package io.radinfer.faults.environment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The radiation environments radinfer knows, loaded from {@code environments.json} (a resource of this
 * package) and checked on load.
 *
 * <pre>{@code
 * RadiationEnvironment leo = Environments.builtIn().byName("leo-550");
 * }</pre>
 */
public final class Environments {
    private static final String RESOURCE = "environments.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static volatile Environments builtIn;

    private final Map<String, RadiationEnvironment> byName;

    private Environments(Map<String, RadiationEnvironment> byName) {
        this.byName = byName;
    }

    /** The file's top level. */
    @JsonIgnoreProperties(value = "grades")
    private record File(@JsonProperty("format_version") int formatVersion,
            @JsonProperty("environments") List<RadiationEnvironment> environments) {
    }

    /** The built-in environments. */
    public static Environments builtIn() {
        Environments e = builtIn;
        if (e == null) {
            try (InputStream in = Environments.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the fault-injection jar");
                }
                e = parse(in, RESOURCE);
            } catch (IOException ex) {
                throw new UncheckedIOException("the built-in " + RESOURCE + " is broken: " + ex.getMessage(), ex);
            }
            builtIn = e;
        }
        return e;
    }

    /**
     * Reads and checks an environments file.
     *
     * @param in the JSON
     * @param source its name, for messages
     * @throws EnvironmentFormatException if it is not valid JSON of this form, or a value is out of range
     */
    public static Environments parse(InputStream in, String source) throws IOException {
        File file;
        try {
            file = MAPPER.readValue(in, File.class);
        } catch (JacksonException e) {
            throw new EnvironmentFormatException(source, e.getOriginalMessage());
        }
        if (file.formatVersion() != 1) {
            throw new EnvironmentFormatException(source, "format_version " + file.formatVersion() + " is not 1");
        }
        if (file.environments() == null || file.environments().isEmpty()) {
            throw new EnvironmentFormatException(source, "no environments");
        }
        Map<String, RadiationEnvironment> byName = new LinkedHashMap<>();
        for (RadiationEnvironment env : file.environments()) {
            check(source, env);
            if (byName.put(env.name(), env) != null) {
                throw new EnvironmentFormatException(source, "environment '" + env.name() + "' is defined twice");
            }
        }
        return new Environments(byName);
    }

    private static void check(String source, RadiationEnvironment env) throws EnvironmentFormatException {
        String where = "environment '" + env.name() + "'";
        if (env.name() == null || !env.name().matches("[a-z0-9][a-z0-9-]*")) {
            throw new EnvironmentFormatException(source, where + ": name must be lower-case letters, digits and '-'");
        }
        if (!(env.upsetsPerBitDay() > 0) || Double.isInfinite(env.upsetsPerBitDay())) {
            throw new EnvironmentFormatException(source, where + ": upsets_per_bit_day must be positive");
        }
        double[] range = env.range();
        if (range != null && (range.length != 2 || !(range[0] > 0) || !(range[0] <= env.upsetsPerBitDay())
                || !(env.upsetsPerBitDay() <= range[1]))) {
            throw new EnvironmentFormatException(source,
                    where + ": range must be [low, high] with 0 < low <= upsets_per_bit_day <= high");
        }
        if (!(env.timeFraction() > 0 && env.timeFraction() <= 1)) {
            throw new EnvironmentFormatException(source, where + ": time_fraction must be in (0, 1]");
        }
        MultiBitFractions mb = env.multiBit();
        if (mb != null) {
            double sum = mb.singleBit() + mb.doubleByte() + mb.other();
            if (mb.singleBit() < 0 || mb.doubleByte() < 0 || mb.other() < 0 || Math.abs(sum - 1) > 1e-6) {
                throw new EnvironmentFormatException(source,
                        where + ": multi_bit shares must be non-negative and sum to 1, got " + sum);
            }
        }
        if (!Set.of("S", "D", "E", "R").contains(env.grade())) {
            throw new EnvironmentFormatException(source, where + ": grade must be S, D, E or R");
        }
        if (env.sources().isEmpty()) {
            throw new EnvironmentFormatException(source, where + ": at least one source is required");
        }
        for (SourceNote note : env.sources()) {
            if (!Set.of("S", "D", "E", "R").contains(note.grade()) || note.claim() == null || note.source() == null) {
                throw new EnvironmentFormatException(source,
                        where + ": every source needs a grade (S, D, E, R), a claim and a source");
            }
        }
    }

    /** The names, in file order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** All environments, in file order. */
    public List<RadiationEnvironment> all() {
        return List.copyOf(byName.values());
    }

    /**
     * The environment called {@code name}.
     *
     * @throws UnknownEnvironmentException listing the known names
     */
    public RadiationEnvironment byName(String name) {
        RadiationEnvironment env = name == null ? null : byName.get(name.trim());
        if (env == null) {
            throw new UnknownEnvironmentException(String.valueOf(name), byName.keySet());
        }
        return env;
    }
}
