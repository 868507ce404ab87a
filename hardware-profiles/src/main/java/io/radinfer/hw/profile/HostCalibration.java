package io.radinfer.hw.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * radinfer's measured kernel rates on the host, from which the simulator derives how close radinfer's
 * kernels get to a machine's peak compute and bandwidth (and scales that to each target). The benchmarks
 * (or the CLI) measure and {@link #write} it; until then the host profile's documented defaults apply.
 *
 * <p>The file, JSON:
 * <pre>{@code
 * {
 *   "format": "radinfer-host-calibration/1",
 *   "measured_at": "2026-11-22T10:15:00Z",
 *   "machine": "AMD EPYC (Zen 4), 2 cores, AVX-512",
 *   "command": "./mvnw -pl benchmarks ... (how it was measured)",
 *   "points": [
 *     {"threads": 1, "read_bandwidth_gbs": 25.0, "q8_0_matvec_gbs": 22.9, "matmul_gflops": 74.9},
 *     {"threads": 2, "read_bandwidth_gbs": 49.0, "q8_0_matvec_gbs": 37.0, "matmul_gflops": 152.2}
 *   ]
 * }
 * }</pre>
 *
 * @param source where the figures come from (a file path, or the host profile's defaults)
 * @param machine the machine, in words
 * @param measuredAt when (ISO-8601), or empty for defaults
 * @param command how it was measured
 * @param points one per thread count, ascending
 */
public record HostCalibration(String source, String machine, String measuredAt, String command,
        List<CalibrationPoint> points) {

    /** The format tag written into and required from calibration files. */
    public static final String FORMAT = "radinfer-host-calibration/1";

    private static final Set<String> FILE_KEYS = Set.of("format", "measured_at", "machine", "command", "points");
    private static final Set<String> POINT_KEYS = Set.of("threads", "read_bandwidth_gbs", "q8_0_matvec_gbs", "matmul_gflops");

    public HostCalibration {
        Objects.requireNonNull(source, "source");
        points = points.stream().sorted(Comparator.comparingInt(CalibrationPoint::threads)).toList();
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a calibration needs at least one point");
        }
    }

    /** The highest read bandwidth measured: the host's usable DRAM bandwidth. */
    public double maxReadBandwidthGbs() {
        return points.stream().mapToDouble(CalibrationPoint::readBandwidthGbs).max().orElseThrow();
    }

    /** The point measured at the most threads not above {@code threads} (the smallest point if none is). */
    public CalibrationPoint pointAtMost(int threads) {
        CalibrationPoint best = points.getFirst();
        for (CalibrationPoint p : points) {
            if (p.threads() <= threads) {
                best = p;
            }
        }
        return best;
    }

    /** Reads and validates a calibration file written by {@link #write}. */
    public static HostCalibration load(Path file) throws ProfileException {
        String name = file.toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ProfileException(name, null, "cannot read it as JSON: " + e.getMessage()
                    + "; re-run the calibration to write it again", e);
        }
        if (root == null || !root.isObject()) {
            throw new ProfileException(name, null, "must be a JSON object with format, machine, points");
        }
        return fromNode(new ProfileNode(name, "", root, Map.of()), name);
    }

    static HostCalibration fromNode(ProfileNode n, String source) throws ProfileException {
        n.rejectUnknown(FILE_KEYS);
        String format = n.text("format");
        if (!FORMAT.equals(format)) {
            throw n.fail("format", "must be '" + FORMAT + "', got '" + format + "'");
        }
        List<CalibrationPoint> points = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        List<ProfileNode> items = n.list("points");
        if (items.isEmpty()) {
            throw n.fail("points", "needs at least one measured thread count");
        }
        for (ProfileNode p : items) {
            p.rejectUnknown(POINT_KEYS);
            int threads = p.integer("threads", 1);
            if (!seen.add(threads)) {
                throw p.fail("threads", "thread count " + threads + " is listed twice");
            }
            double read = p.number("read_bandwidth_gbs", ProfileNode.Range.POSITIVE);
            double matvec = p.number("q8_0_matvec_gbs", ProfileNode.Range.POSITIVE);
            // A matvec streams its weights from DRAM; faster than a plain read means the shape fit in cache.
            if (matvec > read * 1.25) {
                throw p.fail("q8_0_matvec_gbs", matvec + " GB/s is above the read bandwidth " + read
                        + " GB/s: the matvec shape was cache-resident; measure it at a DRAM-bound shape");
            }
            double matmul = p.number("matmul_gflops", ProfileNode.Range.POSITIVE);
            points.add(new CalibrationPoint(threads, read, matvec, matmul));
        }
        return new HostCalibration(source, n.optText("machine", "unknown machine"), n.optText("measured_at", ""),
                n.optText("command", ""), points);
    }

    /** Writes this calibration as a JSON file that {@link #load} reads back. */
    public void write(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("format", FORMAT);
        root.put("measured_at", measuredAt);
        root.put("machine", machine);
        root.put("command", command);
        ArrayNode arr = root.putArray("points");
        for (CalibrationPoint p : points) {
            ObjectNode o = arr.addObject();
            o.put("threads", p.threads());
            o.put("read_bandwidth_gbs", p.readBandwidthGbs());
            o.put("q8_0_matvec_gbs", p.q8MatvecGbs());
            o.put("matmul_gflops", p.matmulGflops());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        om.writeValue(file.toFile(), root);
    }
}
