package io.radinfer.hw.sim;

import io.radinfer.kernels.ops.RopeLayout;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.ModelFormatException;
import io.radinfer.runtime.model.SyntheticModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelShapeReaderTest {

    @TempDir
    Path dir;

    @Test
    void aGgufFileGivesItsShapeAndWeightType() throws IOException {
        LlamaConfig c = new LlamaConfig("llama", 64, 128, 2, 4, 2, 96, 32, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        Path file = dir.resolve("tiny.gguf");
        try (Arena arena = Arena.ofConfined()) {
            Map<String, Tensor> tensors = SyntheticModel.tensors(c, GgmlType.Q8_0, 1, false, arena);
            GgufWriter w = new GgufWriter()
                    .put("general.architecture", new GgufValue.Text("llama"))
                    .put("llama.embedding_length", new GgufValue.Int(GgufValueType.UINT32, 64))
                    .put("llama.feed_forward_length", new GgufValue.Int(GgufValueType.UINT32, 128))
                    .put("llama.block_count", new GgufValue.Int(GgufValueType.UINT32, 2))
                    .put("llama.attention.head_count", new GgufValue.Int(GgufValueType.UINT32, 4))
                    .put("llama.attention.head_count_kv", new GgufValue.Int(GgufValueType.UINT32, 2))
                    .put("llama.context_length", new GgufValue.Int(GgufValueType.UINT32, 32));
            tensors.values().forEach(w::addTensor);
            w.write(file);
        }
        ModelShape m = ModelShapeReader.read(file);
        assertEquals(new ModelShape("tiny.gguf", 64, 128, 2, 4, 2, 96, 32, GgmlType.Q8_0, 4, false), m);
    }

    @Test
    void theSharedLlama2cCheckpointGivesItsHeader() throws IOException {
        Path file = Path.of("..", "..", "shared", "models", "stories260K", "stories260K.bin");
        Assumptions.assumeTrue(Files.isRegularFile(file), "skipped: " + file.toAbsolutePath() + " is absent (a fresh clone has no ../shared)");
        ModelShape m = ModelShapeReader.read(file);
        ModelShape builtIn = ModelShape.builtIn("stories260k");
        assertEquals(builtIn.dim(), m.dim());
        assertEquals(builtIn.hiddenDim(), m.hiddenDim());
        assertEquals(builtIn.layers(), m.layers());
        assertEquals(builtIn.kvHeads(), m.kvHeads());
        assertEquals(builtIn.vocab(), m.vocab());
        assertEquals(builtIn.parameters(), m.parameters());
        assertTrue(m.tiedOutput());
    }

    @Test
    void somethingElseIsATypedError() throws IOException {
        Path file = dir.resolve("junk.bin");
        Files.write(file, new byte[] {1, 2, 3});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelShapeReader.read(file));
        assertEquals(file, e.file());
    }
}
