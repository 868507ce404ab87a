package io.radinfer.runtime.protect;

import io.radinfer.kernels.ops.ScalarKernels;
import io.radinfer.kernels.quant.CheckedDot;
import io.radinfer.kernels.quant.F16;
import io.radinfer.kernels.quant.Q4_0;
import io.radinfer.kernels.quant.Q4_K;
import io.radinfer.kernels.quant.Q6_K;
import io.radinfer.kernels.quant.Q8Activations;
import io.radinfer.kernels.quant.Q8_0;
import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.kernels.tensor.Tensor;
import io.radinfer.runtime.model.LlamaConfig;
import io.radinfer.runtime.model.SyntheticModel;
import io.radinfer.kernels.ops.RopeLayout;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorChecksumsTest {

    @Test
    void integerColumnSumsPredictTheSumOfAllBlockDotsExactly() {
        Random rnd = new Random(11);
        LlamaConfig c = new LlamaConfig("llama", 256, 512, 1, 4, 4, 300, 16, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        for (GgmlType t : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            try (Arena a = Arena.ofConfined()) {
                Tensor w = SyntheticModel.tensors(c, t, 5, true, a).get("blk.0.ffn_up.weight");
                TensorChecksums cs = TensorChecksums.of(w);
                float[] x = new float[w.cols()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                Q8Activations q = new Q8Activations(x.length);
                new ScalarKernels().quantizeQ8(x, 0, x.length, q, 0);
                int expected = cs.expectedIntegerSum(q, 0);
                int actual = 0;
                for (int r = 0; r < w.rows(); r++) {
                    for (int b = 0; b < w.cols() / 32; b++) {
                        long off = r * w.rowBytes() + (long) b * t.blockBytes();
                        actual += t == GgmlType.Q8_0 ? Q8_0.blockDotQ8(w.data(), off, q, b * 32) : Q4_0.blockDotQ8(w.data(), off, q, b * 32);
                        actual += CheckedDot.scaleTerm(F16.get(w.data(), off));
                    }
                }
                assertEquals(expected, actual, t.toString());
                // and what a kernel returns over all rows
                float[] y = new float[w.rows()];
                assertEquals(expected, new ScalarKernels().matvecQ8Checked(w, q, 0, y, 0, w.rows()), t + " kernel");
            }
        }
    }

    @Test
    void floatColumnSumsPredictTheSumOfTheOutputsWithinTheRoundingBound() {
        Random rnd = new Random(12);
        LlamaConfig c = new LlamaConfig("llama", 128, 256, 1, 4, 4, 300, 16, 1e-5f, 10000f, RopeLayout.ADJACENT, false);
        try (Arena a = Arena.ofConfined()) {
            Tensor w = SyntheticModel.tensors(c, GgmlType.F16, 6, true, a).get("blk.0.attn_q.weight");
            TensorChecksums cs = TensorChecksums.of(w);
            float[] x = new float[w.cols()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] y = new float[w.rows()];
            new ScalarKernels().matvec(w, x, 0, y, 0, w.rows());
            double sum = 0;
            double cx = 0;
            double ax = 0;
            for (float v : y) {
                sum += v;
            }
            for (int j = 0; j < x.length; j++) {
                cx += cs.colSum()[j] * x[j];
                ax += cs.colAbsSum()[j] * Math.abs(x[j]);
            }
            assertTrue(Math.abs(sum - cx) <= (w.cols() + 4) * 0x1p-24 * ax, "checksum residual " + Math.abs(sum - cx));
            assertTrue(Math.abs(sum - cx) > 0 || ax == 0, "a float sum that matches exactly would make this test vacuous");
        }
    }

    @Test
    void kQuantIntegersAreTheOnesTheIntegerPathMultiplies() {
        Random rnd = new Random(13);
        for (GgmlType t : new GgmlType[] {GgmlType.Q4_K, GgmlType.Q6_K}) {
            try (Arena a = Arena.ofConfined()) {
                Tensor w = Tensor.allocate("w", t, a, 256, 3);
                for (long i = 0; i < w.byteSize(); i++) {
                    w.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
                }
                TensorChecksums cs = TensorChecksums.of(w);
                for (int j = 0; j < 256; j += 37) {
                    int s = 0;
                    for (int r = 0; r < 3; r++) {
                        long blk = r * w.rowBytes();
                        s += t == GgmlType.Q4_K ? Q4_K.nibble(w.data(), blk, j) : Q6_K.scaleOf(w.data(), blk, j) * Q6_K.value(w.data(), blk, j);
                    }
                    assertEquals(s, cs.intColSum()[j], t + " column " + j);
                }
            }
        }
    }
}
