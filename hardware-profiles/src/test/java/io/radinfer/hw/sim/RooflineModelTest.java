package io.radinfer.hw.sim;

import io.radinfer.hw.profile.CalibrationPoint;
import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.HostCalibration;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import io.radinfer.runtime.model.OpKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RooflineModelTest {

    /** A Q8_0 11008 x 4096 matvec, the DRAM-bound shape the calibration measures. */
    private static Op q8Matvec() {
        double weights = 11008.0 * 4096;
        return new Op(0, OpKind.FFN_UP, OpClass.MATVEC, 2 * weights, weights * 34 / 32);
    }

    @Test
    void onTheHostTheRooflineReproducesTheCalibration() throws ProfileException {
        HardwareProfile host = ProfileLoader.builtIn("host");
        KernelEfficiency eff = KernelEfficiency.from(host, host.calibration());
        RooflineModel r = new RooflineModel(host, eff);
        Op op = q8Matvec();
        for (CalibrationPoint p : host.calibration().points()) {
            double gbs = op.bytes() / r.cpuSeconds(op, p.threads(), 0) / 1e9;
            assertEquals(p.q8MatvecGbs(), gbs, 1e-9, "threads " + p.threads());
            Op matmul = new Op(0, OpKind.FFN_UP, OpClass.MATMUL, 2 * 11008.0 * 4096 * 64, 11008.0 * 4096 * 34 / 32);
            assertEquals(p.matmulGflops(), matmul.flops() / r.cpuSeconds(matmul, p.threads(), 0) / 1e9, 1e-9);
        }
    }

    @Test
    void aTargetScalesWithItsPeakItsBandwidthAndItsClock() throws ProfileException {
        KernelEfficiency eff = SimFixtures.defaultEfficiency();
        HardwareProfile zynq = ProfileLoader.builtIn("zynq-ultrascale-plus");
        RooflineModel r = new RooflineModel(zynq, eff);
        Op op = q8Matvec();
        double top = r.cpuSeconds(op, 4, zynq.cpu().topState());
        // Compute-bound on the A53: eta_matvec(2 threads) x 24 GFLOP/s.
        double eta = eff.compute(OpClass.MATVEC, 4);
        assertEquals(op.flops() / (24e9 * eta), top, 1e-12);
        assertEquals(top * 1500 / 600, r.cpuSeconds(op, 4, 0), 1e-12);
        Op stream = new Op(0, OpKind.ATTENTION, OpClass.ATTENTION, 1, 1e9);
        assertEquals(1e9 / 19.2e9, r.cpuSeconds(stream, 4, 0), 1e-12, "memory-bound: full bandwidth at all cores, any clock");
        assertEquals(1e9 / (19.2e9 * 0.5 * 25 / 49), r.cpuSeconds(stream, 1, 0), 1e-12, "a quarter of the cores: interpolated share");
    }

    @Test
    void bandwidthShareInterpolatesThroughTheMeasuredPoints() throws ProfileException {
        KernelEfficiency eff = SimFixtures.defaultEfficiency();
        assertEquals(0, eff.bandwidthShare(0), 1e-12);
        assertEquals(25.0 / 49, eff.bandwidthShare(0.5), 1e-12);
        assertEquals(1, eff.bandwidthShare(1), 1e-12);
        assertEquals((25.0 / 49 + 1) / 2, eff.bandwidthShare(0.75), 1e-12);
    }

    @Test
    void offloadAddsLaunchCostAndUsesTheInt8PeakForQuantizedWeights() throws ProfileException {
        HardwareProfile jetson = ProfileLoader.builtIn("jetson-orin-nano");
        RooflineModel r = new RooflineModel(jetson, SimFixtures.defaultEfficiency());
        Op tiny = new Op(0, OpKind.Q, OpClass.MATVEC, 2, 1);
        assertEquals(20e-6, r.acceleratorSeconds(tiny, true), 1e-9);
        Op big = new Op(0, OpKind.Q, OpClass.MATMUL, 1e12, 1);
        assertEquals(20e-6 + 1e12 / (20000e9 * 0.35), r.acceleratorSeconds(big, true), 1e-12);
        assertEquals(20e-6 + 1e12 / (1280e9 * 0.35), r.acceleratorSeconds(big, false), 1e-12);
        assertThrows(IllegalStateException.class,
                () -> new RooflineModel(ProfileLoader.builtIn("gr740"), SimFixtures.defaultEfficiency()).acceleratorSeconds(tiny, true));
    }

    @Test
    void aCalibrationFasterThanTheHostPeakIsRejected() throws ProfileException {
        HardwareProfile host = ProfileLoader.builtIn("host");
        HostCalibration tooFast = new HostCalibration("cal.json", "m", "", "", List.of(new CalibrationPoint(1, 25, 20, 222.6)));
        ProfileException e = assertThrows(ProfileException.class, () -> KernelEfficiency.from(host, tooFast));
        assertEquals("points[0].matmul_gflops", e.field());
        assertTrue(e.getMessage().startsWith("cal.json"), e.getMessage());
    }
}
