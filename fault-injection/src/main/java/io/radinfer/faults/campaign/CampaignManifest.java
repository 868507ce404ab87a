package io.radinfer.faults.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code campaign.json}: what a campaign directory holds results of. Resuming and merging check it, so results
 * of different campaigns (another model, seed, fault, or a golden run that came out differently) are never
 * mixed.
 *
 * @param formatVersion the file format version, {@value #FORMAT_VERSION}
 * @param model the model file, or {@code built-in}
 * @param goldenFingerprint a digest of the golden run's output (generated ids and logits), computed by the
 *        runtime; equal fingerprints mean the same fault-free behaviour
 * @param goldenDurationMs wall time of the golden run on the machine that ran this directory (not compared:
 *        shards run on different machines)
 * @param target the target's command-line name
 * @param fault the fault's command-line spelling
 * @param bits the bit restriction's command-line name
 * @param protect the protection mode's command-line name
 * @param steps decode steps per run
 * @param seed the campaign seed
 * @param injections the campaign size N (ids {@code 0 .. N-1})
 * @param fixedToken the fixed injection token, or null when drawn per injection
 * @param shard the shard this directory holds, or null for the whole campaign
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("model") String model,
        @JsonProperty("golden_fingerprint") String goldenFingerprint,
        @JsonProperty("golden_duration_ms") double goldenDurationMs,
        @JsonProperty("target") String target,
        @JsonProperty("fault") String fault,
        @JsonProperty("bits") String bits,
        @JsonProperty("protect") String protect,
        @JsonProperty("steps") int steps,
        @JsonProperty("seed") long seed,
        @JsonProperty("injections") long injections,
        @JsonProperty("fixed_token") Integer fixedToken,
        @JsonProperty("shard") ShardSpec shard) {

    /** The current {@code format_version}. */
    public static final int FORMAT_VERSION = 1;

    /** Checks the required fields. */
    public CampaignManifest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(goldenFingerprint, "golden_fingerprint");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(bits, "bits");
        Objects.requireNonNull(protect, "protect");
        if (injections < 1) {
            throw new IllegalArgumentException("injections must be >= 1, got " + injections);
        }
    }

    /** This manifest for another shard (or null for the merged whole). */
    public CampaignManifest withShard(ShardSpec newShard) {
        return new CampaignManifest(formatVersion, model, goldenFingerprint, goldenDurationMs, target, fault, bits,
                protect, steps, seed, injections, fixedToken, newShard);
    }

    /**
     * The first field in which {@code other} describes a different campaign, as {@code field: this vs other},
     * or empty if both describe the same campaign. The shard and the golden run's wall time are not compared.
     */
    public Optional<String> differenceFrom(CampaignManifest other) {
        Object[][] fields = {
                {"format_version", formatVersion, other.formatVersion},
                {"model", model, other.model},
                {"golden_fingerprint", goldenFingerprint, other.goldenFingerprint},
                {"target", target, other.target},
                {"fault", fault, other.fault},
                {"bits", bits, other.bits},
                {"protect", protect, other.protect},
                {"steps", steps, other.steps},
                {"seed", seed, other.seed},
                {"injections", injections, other.injections},
                {"fixed_token", fixedToken, other.fixedToken},
        };
        for (Object[] f : fields) {
            if (!Objects.equals(f[1], f[2])) {
                return Optional.of(f[0] + ": " + f[1] + " vs " + f[2]);
            }
        }
        return Optional.empty();
    }
}
