package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Decode tokens/s of the DRAM-bound {@link SyntheticLlama} at 2 threads under each protection preset, with the
 * background weight scrub off or at its default period ({@link ProtectionPolicy#DEFAULT_SCRUB_PERIOD}); the
 * report divides each by {@code none}/{@code off} from the same run.
 *
 * <p>The default scrub period (60 s) is longer than a short run's measurement window, so {@code scrub=default}
 * mostly shows the cost of having the scrubber armed; {@link ScrubPassBench} measures one full pass, and the
 * report gives the amortised cost {@code pass time / period}. A run with {@code -i 10 -r 10s} puts passes inside
 * the window.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class ProtectionOverheadBench {

    @Param({"none", "checksum", "dmr", "tmr"})
    public String mode;

    @Param({"off", "default"})
    public String scrub;

    @Param({"2"})
    public int threads;

    private Model model;
    private Session session;
    private DecodeLoop loop;

    @Setup(Level.Trial)
    public void setup() {
        Duration period = switch (scrub) {
            case "off" -> Duration.ZERO;
            case "default" -> ProtectionPolicy.DEFAULT_SCRUB_PERIOD;
            default -> throw new IllegalArgumentException("scrub must be off or default, got '" + scrub + "'");
        };
        ProtectionPolicy policy = ProtectionPolicy.builder(ProtectionPreset.parse(mode)).scrubPeriod(period).build();
        model = SyntheticLlama.inMemory();
        session = model.newSession(SessionOptions.defaults().withThreads(threads)
                .withContextLength(DecodeLoop.WINDOW).withProtection(policy));
        loop = new DecodeLoop(session);
        BenchOutput.kernelsUsed("ProtectionOverheadBench", model.kernels());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        var st = session.stats();
        System.out.printf("%n# protection %s, scrub %s: detected %d, scrub passes %d%n", mode, scrub, st.detected(),
                st.scrubPasses());
        session.close();
        model.close();
    }

    @Benchmark
    public float decode() {
        return loop.step();
    }
}
