package io.radinfer.faults.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardAndScheduleTest {
    @TempDir
    Path dir;

    @Test
    void parsesAndPrintsIOverN() {
        assertEquals(new ShardSpec(1, 4), ShardSpec.parse("1/4"));
        assertEquals(new ShardSpec(0, 1), ShardSpec.parse(" 0 / 1 "));
        assertEquals("3/8", new ShardSpec(3, 8).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1/", "/2", "a/b", "2/2", "-1/3", "0/0", "1/2/3"})
    void rejectsBadShardsWithATypedError(String s) {
        ShardSpecException e = assertThrows(ShardSpecException.class, () -> ShardSpec.parse(s));
        assertTrue(e.getMessage().startsWith("--shard '"), e.getMessage());
    }

    @Test
    void shardsPartitionTheIdSpace() {
        int n = 3;
        long injections = 1000;
        BitSet seen = new BitSet();
        long total = 0;
        for (int i = 0; i < n; i++) {
            ShardSpec shard = new ShardSpec(i, n);
            IdSchedule schedule = new IdSchedule(injections, shard, DoneIds.none());
            assertEquals(shard.size(injections), schedule.remaining());
            for (long id = schedule.next(); id >= 0; id = schedule.next()) {
                assertTrue(!seen.get((int) id), "id " + id + " in two shards");
                seen.set((int) id);
                total++;
            }
        }
        assertEquals(injections, total);
        assertEquals(injections, seen.cardinality());
    }

    @Test
    void resumeSkipsDoneIds() throws IOException {
        Path file = dir.resolve("results.jsonl");
        try (ResultsWriter w = ResultsWriter.open(file)) {
            for (long id : new long[] {0, 2, 3, 7}) {
                w.accept(CampaignFixtures.classify(CampaignFixtures.planner(1).plan(id)));
            }
        }
        DoneIds done = DoneIds.read(file);
        IdSchedule all = new IdSchedule(10, ShardSpec.ALL, done);
        assertEquals(6, all.remaining());
        assertEquals(4, all.alreadyDone());
        List<Long> ids = new ArrayList<>();
        for (long id = all.next(); id >= 0; id = all.next()) {
            ids.add(id);
        }
        assertEquals(List.of(1L, 4L, 5L, 6L, 8L, 9L), ids);
        IdSchedule odd = new IdSchedule(10, new ShardSpec(1, 2), done);
        assertEquals(3, odd.remaining(), "shard 1/2 has ids 1, 3, 5, 7, 9; 3 and 7 are done");
    }

    @Test
    void rejectsCampaignSizesOutsideTheSupportedRange() {
        assertThrows(IllegalArgumentException.class, () -> new IdSchedule(0, ShardSpec.ALL, DoneIds.none()));
        assertThrows(IllegalArgumentException.class,
                () -> new IdSchedule(IdSchedule.MAX_INJECTIONS + 1, ShardSpec.ALL, DoneIds.none()));
    }
}
