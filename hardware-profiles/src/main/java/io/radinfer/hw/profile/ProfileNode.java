package io.radinfer.hw.profile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in a parsed profile or calibration tree: reads typed fields and turns every problem into a
 * {@link ProfileException} that names the file and the dotted field path.
 */
final class ProfileNode {
    /** What a number may be. */
    enum Range {
        ANY("a finite number"),
        NON_NEGATIVE("a number >= 0"),
        POSITIVE("a number > 0"),
        FRACTION("a number in (0, 1]");

        final String words;

        Range(String words) {
            this.words = words;
        }

        boolean accepts(double v) {
            return switch (this) {
                case ANY -> true;
                case NON_NEGATIVE -> v >= 0;
                case POSITIVE -> v > 0;
                case FRACTION -> v > 0 && v <= 1;
            };
        }
    }

    private static final Set<String> FIGURE_KEYS = Set.of("value", "grade", "source", "derivation");
    private static final Pattern REFERENCE = Pattern.compile("\\[([A-Za-z0-9_.-]+)]");

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Map<String, String> references;

    ProfileNode(String file, String path, JsonNode node, Map<String, String> references) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.references = references;
    }

    /** This node with a table of reference keys that {@code source} texts may cite as {@code [key]}. */
    ProfileNode withReferences(Map<String, String> refs) {
        return new ProfileNode(file, path, node, refs);
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    JsonNode raw() {
        return node;
    }

    ProfileException fail(String field, String problem) {
        return new ProfileException(file, field == null ? (path.isEmpty() ? null : path) : join(field), problem);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** Fails on any key of this object that is not in {@code known} (a typo would otherwise be ignored). */
    void rejectUnknown(Set<String> known) throws ProfileException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n)) {
                throw fail(n, "unknown field; the fields allowed here are " + new TreeSet<>(known));
            }
        }
    }

    String text(String key) throws ProfileException {
        JsonNode v = required(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw fail(key, "must be a non-empty text");
        }
        return v.asText().strip();
    }

    /** A text field that may be absent or empty ({@code fallback} then). */
    String optText(String key, String fallback) throws ProfileException {
        if (!has(key) || (node.get(key).isTextual() && node.get(key).asText().isBlank())) {
            return fallback;
        }
        return text(key);
    }

    ProfileNode child(String key) throws ProfileException {
        JsonNode v = required(key);
        if (!v.isObject()) {
            throw fail(key, "must be a mapping (key: value lines)");
        }
        return new ProfileNode(file, join(key), v, references);
    }

    List<ProfileNode> list(String key) throws ProfileException {
        JsonNode v = required(key);
        if (!v.isArray()) {
            throw fail(key, "must be a list");
        }
        List<ProfileNode> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(new ProfileNode(file, join(key) + "[" + i + "]", v.get(i), references));
        }
        return out;
    }

    /** A plain number (calibration files, where every number is measured). */
    double number(String key, Range range) throws ProfileException {
        JsonNode v = required(key);
        if (!v.isNumber()) {
            throw fail(key, "must be a number, got " + describe(v));
        }
        double d = v.asDouble();
        if (!Double.isFinite(d) || !range.accepts(d)) {
            throw fail(key, "must be " + range.words + ", got " + d);
        }
        return d;
    }

    int integer(String key, int min) throws ProfileException {
        JsonNode v = required(key);
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > Integer.MAX_VALUE) {
            throw fail(key, "must be a whole number >= " + min + ", got " + describe(v));
        }
        return v.asInt();
    }

    /** A sourced number: {@code {value: .., grade: S|R|estimate|measured, source: "..", derivation: ".."}}. */
    Figure figure(String key, Range range) throws ProfileException {
        required(key);
        return child(key).asFigure(range);
    }

    Figure optFigure(String key, Range range) throws ProfileException {
        return has(key) ? figure(key, range) : null;
    }

    /** This node read as a figure. */
    Figure asFigure(Range range) throws ProfileException {
        if (!node.isObject()) {
            throw fail(null, "must be a sourced number {value: .., grade: .., source: ..}, got " + describe(node));
        }
        rejectUnknown(FIGURE_KEYS);
        JsonNode v = required("value");
        if (!v.isNumber()) {
            throw fail("value", "must be a number, got " + describe(v));
        }
        double value = v.asDouble();
        if (!Double.isFinite(value) || !range.accepts(value)) {
            throw fail("value", "must be " + range.words + ", got " + value);
        }
        String gradeText = text("grade");
        Grade grade = Grade.parse(gradeText);
        if (grade == null) {
            throw fail("grade", "must be S (seen in a named source), R (quoted, not re-checked), estimate or measured; got '"
                    + gradeText + "'");
        }
        String source = text("source");
        checkReferences(source);
        String derivation = optText("derivation", "");
        if (grade == Grade.ESTIMATE && derivation.isEmpty()) {
            throw fail("derivation", "an estimate must say how it was derived");
        }
        return new Figure(value, grade, source, derivation);
    }

    private void checkReferences(String source) throws ProfileException {
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
            // [S] and [R] quote a grade from the cited source, not a reference key.
            if (Grade.parse(m.group(1)) == null && !references.containsKey(m.group(1))) {
                throw fail("source", "cites [" + m.group(1) + "], which is not under 'references' (known: "
                        + new TreeSet<>(references.keySet()) + ")");
            }
        }
    }

    private JsonNode required(String key) throws ProfileException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw fail(key, "missing; every profile needs it (see docs/hardware-profiles.md for the format)");
        }
        return v;
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the text '" + v.asText() + "'";
        }
        return v.getNodeType().name().toLowerCase(Locale.ROOT) + " " + v;
    }
}
