package io.radinfer.fuzz;

import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.campaign.ResultsWriter;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.convert.Quantizer;
import io.radinfer.runtime.gguf.GgufArray;
import io.radinfer.runtime.gguf.GgufValue;
import io.radinfer.runtime.gguf.GgufValueType;
import io.radinfer.runtime.gguf.GgufWriter;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.kernels.ops.RopeLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of the fuzz tests into {@code src/test/resources/io/radinfer/fuzz/<Test>Inputs/<method>/}
 * from real writers: radinfer's GgufWriter (with the integrity record) and quantizer for GGUF, llama2.c-format
 * checkpoints and tokenizers, the built-in hardware profiles, and ResultsWriter lines. The files are committed;
 * run this again only when a format changes:
 * {@code ./mvnw -q -B -pl cli -am test -Dtest=SeedCorpusWriter -Dsurefire.failIfNoSpecifiedTests=false
 * -Dradinfer.fuzz.writeSeeds=true -Dstress.skip=true} (from the project root).
 */
@EnabledIfSystemProperty(named = "radinfer.fuzz.writeSeeds", matches = "true")
class SeedCorpusWriter {
    private static final Path ROOT = Path.of("src/test/resources/io/radinfer/fuzz");

    private static Path dir(String test, String method) throws IOException {
        return Files.createDirectories(ROOT.resolve(test + "Inputs").resolve(method));
    }

    @Test
    void gguf() throws IOException {
        Path d = dir("GgufFuzzTest", "load");
        LlamaConfig c = new LlamaConfig("llama", 32, 64, 1, 2, 1, 24, 16, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        tinyGguf(d.resolve("tiny-q8_0-integrity.gguf"), c, GgmlType.Q8_0, true, false);
        tinyGguf(d.resolve("tiny-q4_0-tied.gguf"), c, GgmlType.Q4_0, false, true);
        LlamaConfig q = new LlamaConfig("qwen2", 32, 64, 1, 2, 1, 24, 16, 1e-6f, 1e6f, RopeLayout.NEOX, true);
        tinyGguf(d.resolve("tiny-qwen2-f16.gguf"), q, GgmlType.F16, true, false);
        // what `radinfer quantize` writes, from a llama2.c checkpoint with its tokenizer.bin next to it
        Path work = Files.createTempDirectory("radinfer-seeds");
        Path ckpt = work.resolve("tiny.bin");
        Files.write(ckpt, llama2cCheckpoint(32, 64, 1, 4, 2, 265, 8));
        Files.write(work.resolve("tokenizer.bin"), tokenizerBin(265));
        Quantizer.quantize(ckpt, GgmlType.Q8_0, d.resolve("quantized-q8_0.gguf"), null);
        Quantizer.quantize(ckpt, GgmlType.F16, d.resolve("quantized-f16.gguf"), null);
    }

    @Test
    void llama2c() throws IOException {
        Path d = dir("Llama2cFuzzTest", "checkpoint");
        Files.write(d.resolve("tiny-tied.bin"), llama2cCheckpoint(8, 16, 1, 2, 1, 16, 4));
        Files.write(d.resolve("tiny-untied.bin"), llama2cCheckpoint(8, 12, 2, 2, 2, -8, 4));
        Path t = dir("Llama2cFuzzTest", "tokenizer");
        byte[] tok = tokenizerBin(265);
        Files.write(t.resolve("tokenizer-265.bin"), withVocab(tok, 265));
        Files.write(t.resolve("tokenizer-vocab-too-large"), withVocab(tok, 266));
    }

    @Test
    void profiles() throws IOException {
        Path d = dir("ProfileFuzzTest", "load");
        for (String name : List.of("gr740", "rad5545", "pic64-hpsc", "zynq-ultrascale-plus", "versal-ai-core",
                "jetson-orin-nano", "myriad-x", "host")) {
            try (InputStream in = SeedCorpusWriter.class.getResourceAsStream("/profiles/" + name + ".yaml")) {
                Files.write(d.resolve(name + ".yaml"), in.readAllBytes());
            }
        }
    }

    @Test
    void results() throws IOException {
        Path d = dir("ResultsFuzzTest", "read");
        Path file = d.resolve("results.jsonl");
        Files.deleteIfExists(file);
        try (ResultsWriter w = ResultsWriter.open(file)) {
            w.accept(new InjectionResult(0, 17, "weights", "blk.0.attn_q.weight", 0, "q", 3, 1234, 30, "bitflip",
                    Outcome.SDC, 4, 12.5, 1, 0, 3.25, null));
            w.accept(new InjectionResult(1, 18, "activations", "", 2, "ffn_down", 0, 7, 5, "bitflip",
                    Outcome.MASKED, null, 0.0, 0, 0, 1.5, null));
            w.accept(new InjectionResult(2, 19, "kv_cache", "", 1, "", 5, 99, 12, "mbu",
                    Outcome.DETECTED_CORRECTED, null, null, 2, 2, 2.0, null));
            w.accept(new InjectionResult(3, 20, "kernel_outputs", "", -1, "output", 1, 3, 31, "stuck-at-1",
                    Outcome.CRASH, null, null, 0, 0, 0.5, "ArithmeticException: / by zero"));
        }
        // an interrupted run's partial last line
        byte[] whole = Files.readAllBytes(file);
        Files.write(d.resolve("results-partial-tail.jsonl"), java.util.Arrays.copyOf(whole, whole.length - 20));
    }

    private static void tinyGguf(Path out, LlamaConfig c, GgmlType type, boolean integrity, boolean tied)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            GgufWriter w = new GgufWriter();
            if (integrity) {
                w.withIntegrityRecord();
            }
            String a = c.architecture();
            w.put("general.architecture", new GgufValue.Text(a));
            w.put("general.name", new GgufValue.Text("fuzz seed"));
            w.put(a + ".context_length", u32(c.contextLength()));
            w.put(a + ".embedding_length", u32(c.dim()));
            w.put(a + ".feed_forward_length", u32(c.hiddenDim()));
            w.put(a + ".block_count", u32(c.layers()));
            w.put(a + ".attention.head_count", u32(c.heads()));
            w.put(a + ".attention.head_count_kv", u32(c.kvHeads()));
            w.put(a + ".attention.layer_norm_rms_epsilon", new GgufValue.Real(GgufValueType.FLOAT32, c.rmsEps()));
            w.put(a + ".rope.freq_base", new GgufValue.Real(GgufValueType.FLOAT32, c.ropeTheta()));
            w.put("tokenizer.ggml.model", new GgufValue.Text("llama"));
            String[] tokens = {"<unk>", "<s>", "</s>", "\u2581", "\u2581Once", "\u2581upon", "\u2581a", "\u2581time",
                "O", "n", "c", "e", "u", "p", "o", "a", "t", "i", "m", "\u2581t", "\u2581u", "\u2581o", "<0x0A>", "<0x41>"};
            float[] scores = new float[tokens.length];
            long[] types = new long[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                scores[i] = -i;
                types[i] = i == 0 ? 2 : i < 3 ? 3 : tokens[i].startsWith("<0x") ? 6 : 1;
            }
            w.put("tokenizer.ggml.tokens", GgufArray.ofStrings(tokens));
            w.put("tokenizer.ggml.scores", GgufArray.ofFloat32(scores));
            w.put("tokenizer.ggml.token_type", GgufArray.ofIntegers(GgufValueType.INT32, types));
            w.put("tokenizer.ggml.bos_token_id", u32(1));
            w.put("tokenizer.ggml.eos_token_id", u32(2));
            w.put("tokenizer.ggml.unknown_token_id", u32(0));
            Map<String, Tensor> tensors = SyntheticModel.tensors(c, type, 7, tied, arena);
            for (Tensor t : tensors.values()) {
                w.addTensor(t);
            }
            w.write(out);
        }
    }

    private static GgufValue u32(long v) {
        return new GgufValue.Int(GgufValueType.UINT32, v);
    }

    /** A llama2.c version-0 checkpoint with random weights (negative vocab: untied classifier appended). */
    static byte[] llama2cCheckpoint(int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seqLen) {
        int v = Math.abs(vocab);
        int kvDim = dim * kvHeads / heads;
        int headSize = dim / heads;
        long floats = (long) v * dim + layers * ((long) dim * 2 + (long) dim * dim * 2 + (long) kvDim * dim * 2
                + (long) hidden * dim * 3) + dim + (long) seqLen * headSize + (vocab < 0 ? (long) v * dim : 0);
        ByteBuffer b = ByteBuffer.allocate(28 + (int) floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : new int[] {dim, hidden, layers, heads, kvHeads, vocab, seqLen}) {
            b.putInt(h);
        }
        SplittableRandom r = new SplittableRandom(11);
        while (b.hasRemaining()) {
            b.putFloat((float) (r.nextDouble() - 0.5) * 0.2f);
        }
        return b.array();
    }

    /** A llama2.c tokenizer.bin: &lt;unk&gt;, BOS, EOS, the 256 byte tokens, then short words. */
    static byte[] tokenizerBin(int vocab) {
        List<byte[]> tokens = new ArrayList<>();
        tokens.add("<unk>".getBytes(StandardCharsets.UTF_8));
        tokens.add("\n<s>\n".getBytes(StandardCharsets.UTF_8));
        tokens.add("\n</s>\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 256; i++) {
            tokens.add(String.format("<0x%02X>", i).getBytes(StandardCharsets.UTF_8));
        }
        String[] words = {" ", "e", " t", " a", "he", "in", " the", "er", "on", " Once", " upon", " time"};
        for (int i = 0; tokens.size() < vocab; i++) {
            tokens.add(words[i % words.length].getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = 0;
        for (byte[] t : tokens) {
            max = Math.max(max, t.length);
        }
        out.writeBytes(le(max));
        for (int i = 0; i < tokens.size(); i++) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(i < 259 ? 0f : -i).array());
            out.writeBytes(le(tokens.get(i).length));
            out.writeBytes(tokens.get(i));
        }
        return out.toByteArray();
    }

    private static byte[] withVocab(byte[] tokenizer, int vocab) {
        byte[] b = java.util.Arrays.copyOf(tokenizer, tokenizer.length + 4);
        System.arraycopy(le(vocab), 0, b, tokenizer.length, 4);
        return b;
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
