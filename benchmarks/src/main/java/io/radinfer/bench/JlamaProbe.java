package io.radinfer.bench;

import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.Q4ByteBufferTensor;
import com.github.tjake.jlama.tensor.Q8ByteBufferTensor;
import com.github.tjake.jlama.tensor.operations.TensorOperations;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks Jlama what the peer benchmarks cannot run on it, and records its answers (the exception it throws, or
 * {@code ok}) in {@code $RADINFER_BENCH_OUT/peers/jlama-probe.json} for the report:
 * <ul>
 *   <li>{@code q8_weights_f32_activations}, {@code q8_weights_i8_activations}: a product with 8-bit weights
 *       ({@code Q8ByteBufferTensor}), the nearest thing to Q8_0 it has;</li>
 *   <li>{@code q4_weights_rows_of_11008}, {@code q4_weights_rows_of_4096}: its Q4 x I8 product at the row lengths
 *       of the peer shapes;</li>
 *   <li>{@code load_gguf}: {@code ModelSupport.loadModel} on the synthetic GGUF file the end-to-end benchmark
 *       runs.</li>
 * </ul>
 * Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.radinfer.bench.JlamaProbe}.
 */
public final class JlamaProbe {
    private JlamaProbe() {
    }

    public static void main(String[] args) {
        Map<String, Object> out = new LinkedHashMap<>();
        TensorOperations ops = TensorOperationsProvider.get();
        out.put("jlama_operations", ops.name());
        out.put("jlama_version", version());
        FloatBufferTensor wf = new FloatBufferTensor(64, 64);
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                wf.set((r - c) / 64f, r, c);
            }
        }
        Q8ByteBufferTensor w8 = new Q8ByteBufferTensor(wf);
        FloatBufferTensor x = new FloatBufferTensor(1, 64);
        FloatBufferTensor y = new FloatBufferTensor(1, 64);
        out.put("q8_weights_f32_activations", attempt(() -> ops.dotProductChunk(y, x, w8, 0, 64, 0, 64)));
        out.put("q8_weights_i8_activations",
                attempt(() -> ops.dotProductChunk(y, ops.quantize(x, DType.I8, 0, 64), w8, 0, 64, 0, 64)));
        out.put("q4_weights_rows_of_11008", attempt(() -> q4Product(64, 11008)));
        out.put("q4_weights_rows_of_4096", attempt(() -> q4Product(64, 4096)));
        Path gguf = SyntheticLlama.gguf();
        out.put("gguf_file", gguf.toString());
        out.put("load_gguf", attempt(() -> ModelSupport.loadModel(gguf.toFile(), DType.F32, DType.I8)));
        Path file = BenchOutput.write("peers", "jlama-probe.json", out);
        out.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.println("wrote " + file);
    }

    /** Jlama's Q4 x I8 product of a {@code rows x cols} matrix with one vector. */
    private static void q4Product(int rows, int cols) {
        TensorOperations ops = TensorOperationsProvider.get();
        FloatBufferTensor wf = new FloatBufferTensor(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                wf.set((float) Math.sin(r * 31 + c), r, c);
            }
        }
        FloatBufferTensor x = new FloatBufferTensor(1, cols);
        FloatBufferTensor y = new FloatBufferTensor(1, rows);
        ops.dotProductChunk(y, ops.quantize(x, DType.I8, 0, cols), new Q4ByteBufferTensor(wf), 0, cols, 0, rows);
    }

    private static String version() {
        Package p = ModelSupport.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v != null ? v : "see benchmarks/pom.xml jlama.version";
    }

    private static String attempt(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (Throwable t) {
            return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
    }
}
