package io.radinfer.bench;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.SessionOptions;
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
 * End to end on the synthetic GGUF file ({@link SyntheticLlama#gguf()}, loaded with {@link Model#load} as {@code
 * radinfer run} does): {@code decode} (one op = one token) and {@code prefill} (one op = a prompt of {@code prompt}
 * tokens in one matrix-matrix pass from position 0; tokens/s = ops/s x prompt). Jlama cannot load a GGUF file
 * (jlama-core reads safetensors directories only): {@link JlamaProbe} records its error, and the peers are compared
 * at the kernel level.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {BenchSupport.ADD_MODULES, BenchSupport.VECTOR_MODULE, BenchSupport.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class PeerEndToEndBench {

    @Param({"decode", "prefill"})
    public String phase;

    @Param({"64"})
    public int prompt;

    @Param({"2"})
    public int threads;

    private Model model;
    private Session session;
    private DecodeLoop loop;
    private int[] tokens;

    @Setup(Level.Trial)
    public void setup() {
        if (!phase.equals("decode") && !phase.equals("prefill")) {
            throw new IllegalArgumentException("phase must be decode or prefill, got '" + phase + "'");
        }
        model = SyntheticLlama.load();
        session = model.newSession(SessionOptions.defaults().withThreads(threads)
                .withContextLength(Math.max(DecodeLoop.WINDOW, prompt)).withPrefillBatch(prompt));
        loop = new DecodeLoop(session);
        BenchOutput.kernelsUsed("PeerEndToEndBench", model.kernels());
        tokens = new int[prompt];
        for (int i = 0; i < prompt; i++) {
            tokens[i] = (int) ((1 + i * 7919L) % model.config().vocab());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        model.close();
    }

    @Benchmark
    public float run() {
        if (phase.equals("decode")) {
            return loop.step();
        }
        session.reset();
        return session.prefill(tokens)[0];
    }
}
