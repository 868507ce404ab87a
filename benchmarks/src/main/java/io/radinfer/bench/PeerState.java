package io.radinfer.bench;

/**
 * One side of a radinfer-vs-Jlama product: {@code engine/type}, e.g. {@code radinfer/Q8_0} or {@code jlama/Q4_0}.
 * radinfer's quantized products use its integer path (activations rounded to Q8_0 in the timed call), as Jlama's
 * Q4 products use its I8 activations.
 */
final class PeerState implements AutoCloseable {
    private final KernelState radinfer;
    private final JlamaKernelState jlama;

    PeerState(String kernel, String shape, int batch, int threads) {
        String[] k = kernel.split("/");
        if (k.length != 2) {
            throw new IllegalArgumentException("kernel must be ENGINE/TYPE, got '" + kernel + "'");
        }
        switch (k[0]) {
            case "radinfer" -> {
                radinfer = new KernelState(k[1].equals("F32") ? "F32" : k[1] + "/int", shape, batch, threads,
                        BenchSupport.kernels("auto"));
                jlama = null;
            }
            case "jlama" -> {
                radinfer = null;
                jlama = new JlamaKernelState(k[1], shape, batch, threads);
            }
            default -> throw new IllegalArgumentException("engine must be radinfer or jlama, got '" + k[0] + "'");
        }
    }

    float run() {
        return radinfer != null ? radinfer.run() : jlama.run();
    }

    @Override
    public void close() {
        if (radinfer != null) {
            radinfer.close();
        } else {
            jlama.close();
        }
    }
}
