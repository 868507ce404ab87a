package io.radinfer.runtime.llama2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.ModelFormatException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cCheckpointTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    /** ../shared/models/stories260K/stories260K.bin relative to the project root (the directory holding mvnw). */
    private static Path stories260K() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve("mvnw"))) {
            d = d.getParent();
        }
        assumeTrue(d != null, "project root (directory with mvnw) not found above " + Path.of("").toAbsolutePath());
        Path model = d.resolve("../shared/models/stories260K/stories260K.bin").normalize();
        assumeTrue(Files.exists(model), "skipped: " + model + " is absent (../shared is not next to this checkout)");
        return model;
    }

    /** The float at byte {@code offset} of {@code file}, read independently of the mapping code. */
    private static float floatAt(Path file, long offset) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(offset);
            return Float.intBitsToFloat(Integer.reverseBytes(data.readInt()));
        }
    }

    private static float element(Tensor t, long row, long col) {
        return t.data().get(F32, (row * t.cols() + col) * Float.BYTES);
    }

    @Test
    void stories260KHeaderAndShapesMatchItsReadme() throws Exception {
        Path model = stories260K();
        try (Llama2cCheckpoint ckpt = Llama2cCheckpoint.open(model)) {
            Llama2cConfig c = ckpt.config();
            assertEquals(new Llama2cConfig(64, 172, 5, 8, 4, 512, 512, true), c);
            assertEquals(8, c.headSize());
            assertEquals(32, c.kvDim());
            assertEquals(1 + 5 * 9 + 1, ckpt.tensors().size());
            assertFalse(ckpt.hasTensor("output.weight"));
            assertThrows(ModelFormatException.class, () -> ckpt.tensor("output.weight"));
            assertArrayEquals(new long[] {64, 512}, ckpt.tensor("token_embd.weight").shape());
            assertArrayEquals(new long[] {64}, ckpt.tensor("blk.4.attn_norm.weight").shape());
            assertArrayEquals(new long[] {64, 64}, ckpt.tensor("blk.0.attn_q.weight").shape());
            assertArrayEquals(new long[] {64, 32}, ckpt.tensor("blk.1.attn_k.weight").shape());
            assertArrayEquals(new long[] {64, 32}, ckpt.tensor("blk.2.attn_v.weight").shape());
            assertArrayEquals(new long[] {64, 64}, ckpt.tensor("blk.3.attn_output.weight").shape());
            assertArrayEquals(new long[] {64, 172}, ckpt.tensor("blk.0.ffn_gate.weight").shape());
            assertArrayEquals(new long[] {172, 64}, ckpt.tensor("blk.0.ffn_down.weight").shape());
            assertArrayEquals(new long[] {64, 172}, ckpt.tensor("blk.0.ffn_up.weight").shape());
            assertArrayEquals(new long[] {64}, ckpt.tensor("output_norm.weight").shape());
            for (Tensor t : ckpt.tensors()) {
                assertEquals(GgmlType.F32, t.type());
                assertTrue(t.data().isReadOnly(), t.name());
            }
        }
    }

    @Test
    void stories260KWeightsAreTheFloatsAtTheirComputedOffsets() throws Exception {
        Path model = stories260K();
        long dim = 64;
        long kv = 32;
        long hidden = 172;
        long layers = 5;
        long vocab = 512;
        long embd = 28;
        long rmsAtt = embd + vocab * dim * 4;
        long wq = rmsAtt + layers * dim * 4;
        long wk = wq + layers * dim * dim * 4;
        long wv = wk + layers * kv * dim * 4;
        long wo = wv + layers * kv * dim * 4;
        long rmsFfn = wo + layers * dim * dim * 4;
        long w1 = rmsFfn + layers * dim * 4;
        long w2 = w1 + layers * hidden * dim * 4;
        long w3 = w2 + layers * dim * hidden * 4;
        long rmsFinal = w3 + layers * hidden * dim * 4;
        try (Llama2cCheckpoint ckpt = Llama2cCheckpoint.open(model)) {
            assertEquals(floatAt(model, embd + (5 * dim + 7) * 4), element(ckpt.tensor("token_embd.weight"), 5, 7));
            assertEquals(floatAt(model, rmsAtt + (3 * dim + 9) * 4), element(ckpt.tensor("blk.3.attn_norm.weight"), 0, 9));
            assertEquals(floatAt(model, wq + ((1 * dim + 63) * dim + 2) * 4), element(ckpt.tensor("blk.1.attn_q.weight"), 63, 2));
            assertEquals(floatAt(model, wk + ((2 * kv + 3) * dim + 4) * 4), element(ckpt.tensor("blk.2.attn_k.weight"), 3, 4));
            assertEquals(floatAt(model, wv + ((4 * kv + 31) * dim + 63) * 4), element(ckpt.tensor("blk.4.attn_v.weight"), 31, 63));
            assertEquals(floatAt(model, wo + ((0 * dim + 10) * dim + 11) * 4), element(ckpt.tensor("blk.0.attn_output.weight"), 10, 11));
            assertEquals(floatAt(model, rmsFfn + (4 * dim + 63) * 4), element(ckpt.tensor("blk.4.ffn_norm.weight"), 0, 63));
            assertEquals(floatAt(model, w1 + ((2 * hidden + 171) * dim + 1) * 4), element(ckpt.tensor("blk.2.ffn_gate.weight"), 171, 1));
            assertEquals(floatAt(model, w2 + ((4 * dim + 10) * hidden + 100) * 4), element(ckpt.tensor("blk.4.ffn_down.weight"), 10, 100));
            assertEquals(floatAt(model, w3 + ((3 * hidden + 5) * dim + 6) * 4), element(ckpt.tensor("blk.3.ffn_up.weight"), 5, 6));
            assertEquals(floatAt(model, rmsFinal + 63 * 4), element(ckpt.tensor("output_norm.weight"), 0, 63));
            assertTrue(element(ckpt.tensor("output_norm.weight"), 0, 63) != 0f, "a trained norm weight is not zero");
        }
    }

    /** A checkpoint with float i at float index i after the header, so every slice's first value tells its offset. */
    private static byte[] synthetic(int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seq, boolean untied) {
        int headSize = dim / heads;
        int kvDim = headSize * kvHeads;
        long floats = (long) vocab * dim + (long) layers * (2L * dim + 2L * dim * dim + 2L * kvDim * dim + 3L * hidden * dim)
                + dim + (long) seq * headSize + (untied ? (long) vocab * dim : 0);
        ByteBuffer b = ByteBuffer.allocate((int) (28 + floats * 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dim).putInt(hidden).putInt(layers).putInt(heads).putInt(kvHeads).putInt(untied ? -vocab : vocab).putInt(seq);
        for (int i = 0; i < floats; i++) {
            b.putFloat(i);
        }
        return b.array();
    }

    private static float first(Tensor t) {
        return t.data().get(F32, 0);
    }

    @Test
    void untiedClassifierIsTheLastArrayAndPerLayerSlicesStartWhereRunCPutsThem() throws Exception {
        int dim = 8;
        int hidden = 12;
        int layers = 2;
        int kvDim = 4;
        int headSize = 4;
        int vocab = 10;
        int seq = 4;
        Path file = Files.write(dir.resolve("untied.bin"), synthetic(dim, hidden, layers, 2, 1, vocab, seq, true));
        try (Llama2cCheckpoint ckpt = Llama2cCheckpoint.open(file)) {
            assertFalse(ckpt.config().sharedClassifier());
            assertEquals(vocab, ckpt.config().vocabSize());
            int wq = vocab * dim + layers * dim;
            int wk = wq + layers * dim * dim;
            int wv = wk + layers * kvDim * dim;
            int wo = wv + layers * kvDim * dim;
            int rmsFfn = wo + layers * dim * dim;
            int w1 = rmsFfn + layers * dim;
            int w2 = w1 + layers * hidden * dim;
            int w3 = w2 + layers * dim * hidden;
            int rmsFinal = w3 + layers * hidden * dim;
            int wcls = rmsFinal + dim + 2 * (seq * headSize / 2);
            assertEquals(0f, first(ckpt.tensor("token_embd.weight")));
            assertEquals(vocab * dim + dim, first(ckpt.tensor("blk.1.attn_norm.weight")));
            assertEquals(wq + dim * dim, first(ckpt.tensor("blk.1.attn_q.weight")));
            assertEquals(wk + kvDim * dim, first(ckpt.tensor("blk.1.attn_k.weight")));
            assertEquals(wv, first(ckpt.tensor("blk.0.attn_v.weight")));
            assertEquals(wo + dim * dim, first(ckpt.tensor("blk.1.attn_output.weight")));
            assertEquals(rmsFfn + dim, first(ckpt.tensor("blk.1.ffn_norm.weight")));
            assertEquals(w1 + hidden * dim, first(ckpt.tensor("blk.1.ffn_gate.weight")));
            assertEquals(w2 + dim * hidden, first(ckpt.tensor("blk.1.ffn_down.weight")));
            assertEquals(w3 + hidden * dim, first(ckpt.tensor("blk.1.ffn_up.weight")));
            assertEquals(rmsFinal, first(ckpt.tensor("output_norm.weight")));
            Tensor out = ckpt.tensor("output.weight");
            assertArrayEquals(new long[] {dim, vocab}, out.shape());
            assertEquals(wcls, first(out));
            assertEquals(wcls + vocab * dim - 1, out.data().get(F32, out.byteSize() - 4));
        }
    }

    private ModelFormatException refused(byte[] bytes, String field) throws IOException {
        Path file = Files.write(dir.resolve("bad.bin"), bytes);
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(ModelFormatException.class, () -> Llama2cCheckpoint.open(file).close()));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    private static byte[] withHeaderInt(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * index, value);
        return copy;
    }

    @Test
    void truncatedCheckpointNamesTheArrayThatRunsPastTheEnd() throws Exception {
        byte[] good = synthetic(8, 12, 2, 2, 1, 10, 4, true);
        ModelFormatException e = refused(Arrays.copyOf(good, good.length - 4), "wcls");
        assertTrue(e.getMessage().contains("runs past") || e.getMessage().contains("ends at"), e.getMessage());
        refused(Arrays.copyOf(good, 28 + 8 * 10 * 4 + 8), "rms_att_weight");
    }

    @Test
    void trailingBytesAreRefused() throws Exception {
        byte[] good = synthetic(8, 12, 2, 2, 1, 10, 4, false);
        refused(Arrays.copyOf(good, good.length + 4), "end of file");
    }

    @Test
    void aTiedHeaderOnAnUntiedFileSaysTheSignIsWrong() throws Exception {
        byte[] untied = synthetic(8, 12, 2, 2, 1, 10, 4, true);
        ModelFormatException e = refused(withHeaderInt(untied, 5, 10), "end of file");
        assertTrue(e.getMessage().contains("sign of vocab_size"), e.getMessage());
        byte[] tied = synthetic(8, 12, 2, 2, 1, 10, 4, false);
        e = refused(withHeaderInt(tied, 5, -10), "wcls");
        assertTrue(e.getMessage().contains("sign of vocab_size"), e.getMessage());
    }

    @Test
    void insaneHeadersAreRefusedNamingTheField() throws Exception {
        byte[] good = synthetic(8, 12, 2, 2, 1, 10, 4, false);
        refused(withHeaderInt(good, 0, -8), "dim");
        refused(withHeaderInt(good, 2, 0), "n_layers");
        refused(withHeaderInt(good, 5, 0), "vocab_size");
        refused(withHeaderInt(good, 3, 3), "n_heads");
        refused(withHeaderInt(good, 4, 3), "n_kv_heads");
        refused(withHeaderInt(withHeaderInt(good, 3, 8), 4, 8), "n_heads");
        refused(withHeaderInt(good, 1, Integer.MAX_VALUE), "w1");
        refused(Arrays.copyOf(good, 20), "header");
        refused("GGUF\3\0\0\0".repeat(4).getBytes(), "header");
    }
}
