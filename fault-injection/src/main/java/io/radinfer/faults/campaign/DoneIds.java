package io.radinfer.faults.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * The ids already in a results file, so a restarted campaign skips them. Stored as a bit set: 10 million ids
 * take about 1.2 MB.
 */
public final class DoneIds {
    private final BitSet ids;

    private DoneIds(BitSet ids) {
        this.ids = ids;
    }

    /** No id done. */
    public static DoneIds none() {
        return new DoneIds(new BitSet());
    }

    /**
     * The ids recorded in {@code resultsFile} (none if it does not exist). A partial last line does not count.
     *
     * @throws ResultsFileException if the file has a corrupt line, or an id beyond {@code Integer.MAX_VALUE}
     */
    public static DoneIds read(Path resultsFile) throws IOException {
        BitSet ids = new BitSet();
        ResultsReader.read(resultsFile, (result, line) -> {
            if (result.id() > Integer.MAX_VALUE) {
                throw new ResultsFileException(resultsFile, line,
                        "injection id " + result.id() + " is beyond the supported " + Integer.MAX_VALUE);
            }
            ids.set((int) result.id());
        });
        return new DoneIds(ids);
    }

    /** Whether {@code id} is done. */
    public boolean contains(long id) {
        return id >= 0 && id <= Integer.MAX_VALUE && ids.get((int) id);
    }

    /** How many distinct ids are done. */
    public long count() {
        return ids.cardinality();
    }

    /** How many of the ids {@code 0 .. injections-1} in {@code shard} are done. */
    public long countIn(long injections, ShardSpec shard) {
        long n = 0;
        for (int id = ids.nextSetBit(0); id >= 0 && id < injections; id = ids.nextSetBit(id + 1)) {
            if (shard.contains(id)) {
                n++;
            }
        }
        return n;
    }
}
