package io.radinfer.faults.campaign;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A campaign's output directory: {@code campaign.json} (what was run), {@code results.jsonl} (one line per
 * finished injection), and the reports written from them.
 */
public final class CampaignDirectory {
    /** The manifest file name. */
    public static final String MANIFEST = "campaign.json";
    /** The results file name. */
    public static final String RESULTS = "results.jsonl";

    private final Path dir;

    /** A view of {@code dir} (nothing is created yet). */
    public CampaignDirectory(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The directory. */
    public Path path() {
        return dir;
    }

    /** {@code dir/results.jsonl}. */
    public Path results() {
        return dir.resolve(RESULTS);
    }

    /** {@code dir/campaign.json}. */
    public Path manifestFile() {
        return dir.resolve(MANIFEST);
    }

    /**
     * Makes the directory ready to run {@code manifest}: creates it and writes the manifest, or, if it already
     * holds a campaign, checks that it is the same campaign and shard (a resume).
     *
     * @return the ids already done there
     * @throws ResultsFileException if the directory holds a different campaign or shard, or damaged files
     */
    public DoneIds prepare(CampaignManifest manifest) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(manifestFile())) {
            CampaignManifest existing = readManifest();
            String diff = existing.differenceFrom(manifest).orElse(null);
            if (diff == null && !Objects.equals(existing.shard(), manifest.shard())) {
                diff = "shard: " + existing.shard() + " vs " + manifest.shard();
            }
            if (diff != null) {
                throw new ResultsFileException(manifestFile(), -1, "this directory holds a different campaign ("
                        + diff + "); choose another --out directory, or delete this one to start over");
            }
        } else {
            if (Files.exists(results())) {
                throw new ResultsFileException(results(), -1, "results without a " + MANIFEST
                        + " beside them; move the file away or choose another --out directory");
            }
            writeManifest(manifest);
        }
        return DoneIds.read(results());
    }

    /**
     * Reads {@code campaign.json}.
     *
     * @throws ResultsFileException if it is missing or not a valid manifest
     */
    public CampaignManifest readManifest() throws IOException {
        Path file = manifestFile();
        if (!Files.exists(file)) {
            throw new ResultsFileException(file, -1, "missing; is " + dir + " a campaign output directory?");
        }
        try {
            return CampaignJson.mapper().readValue(file.toFile(), CampaignManifest.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new ResultsFileException(file, -1, "not a valid campaign manifest (" + e.getMessage()
                    .lines().findFirst().orElse("") + ")", e);
        }
    }

    /** Writes {@code campaign.json} atomically (write to a temporary file, then rename). */
    public void writeManifest(CampaignManifest manifest) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        CampaignJson.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), manifest);
        Files.move(tmp, manifestFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
