package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.inject.FaultInjector;
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

import java.util.concurrent.TimeUnit;

/**
 * What the fault-injection seams cost: decode tokens/s of the {@link SyntheticLlama} at 2 threads, protection
 * {@code none}, with no injector ({@code absent}: each seam is one null check) and with an injector whose methods
 * do nothing ({@code noop}: every seam makes its call). A build without the seams cannot be measured from here;
 * {@code noop} does strictly more work at the seams than {@code absent}, so {@code noop/absent} bounds what the
 * calls cost, and the null checks of {@code absent} are a subset of it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class InjectorSeamBench {

    @Param({"absent", "noop"})
    public String injector;

    @Param({"2"})
    public int threads;

    private Model model;
    private Session session;
    private DecodeLoop loop;

    @Setup(Level.Trial)
    public void setup() {
        FaultInjector fi = switch (injector) {
            case "absent" -> null;
            case "noop" -> new FaultInjector() {
            };
            default -> throw new IllegalArgumentException("injector must be absent or noop, got '" + injector + "'");
        };
        model = SyntheticLlama.inMemory();
        session = model.newSession(SessionOptions.defaults().withThreads(threads)
                .withContextLength(DecodeLoop.WINDOW).withInjector(fi));
        loop = new DecodeLoop(session);
        BenchOutput.kernelsUsed("InjectorSeamBench", model.kernels());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        model.close();
    }

    @Benchmark
    public float decode() {
        return loop.step();
    }
}
