package io.radinfer.hw.profile;

/**
 * radinfer's measured rates on the host at one thread count.
 *
 * @param threads worker threads
 * @param readBandwidthGbs plain sequential read of a DRAM-sized off-heap buffer, GB/s
 * @param q8MatvecGbs Q8_0 weight bytes streamed per second by radinfer's decode matvec at a DRAM-bound shape
 * @param matmulGflops radinfer's prefill matmul (Q8_0 weights, batch of 64 tokens), GFLOP/s
 */
public record CalibrationPoint(int threads, double readBandwidthGbs, double q8MatvecGbs, double matmulGflops) {

    public CalibrationPoint {
        if (threads < 1) {
            throw new IllegalArgumentException("calibration threads must be >= 1, got " + threads);
        }
        if (!(readBandwidthGbs > 0 && q8MatvecGbs > 0 && matmulGflops > 0)) {
            throw new IllegalArgumentException("calibration rates must be > 0, got " + this);
        }
    }
}
