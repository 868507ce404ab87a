package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.protect.WeightScrubber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One full pass of the weight scrubber (CRC32C of every 64 KiB region of the {@link SyntheticLlama}'s ~1 GB of
 * weights) on the scrubber's one thread. The background scrub runs one such pass per period, so it takes at most
 * {@code pass time / period} of one core from decoding: the report's amortised scrub cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class ScrubPassBench {
    private Model model;
    private WeightScrubber scrubber;

    @Setup(Level.Trial)
    public void setup() {
        model = SyntheticLlama.inMemory();
        scrubber = model.scrubber();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public int pass() {
        int repaired = scrubber.verifyAll();
        if (repaired != 0) {
            throw new IllegalStateException("a clean model had " + repaired + " regions repaired");
        }
        return repaired;
    }
}
