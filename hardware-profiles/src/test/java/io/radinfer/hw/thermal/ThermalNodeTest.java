package io.radinfer.hw.thermal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThermalNodeTest {
    private static final double R = 6.4;
    private static final double C = 270;
    private static final double SINK = -10;
    private static final double P = 3.5;

    /** T(t) = T_sink + P R (1 - e^{-t/RC}) from T(0) = T_sink. */
    private static double analytic(double t) {
        return SINK + P * R * (1 - Math.exp(-t / (R * C)));
    }

    @Test
    void stepResponseMatchesTheAnalyticSolutionAtAnyStepSize() {
        for (double dt : new double[] {0.1, 1, 37, 600}) {
            ThermalNode n = new ThermalNode(R, C, SINK);
            double t = 0;
            for (int i = 0; i < (int) (5 * R * C / dt); i++) {
                n.step(P, SINK, dt);
                t += dt;
                assertEquals(analytic(t), n.temperatureC(), 1e-9 * Math.max(1, Math.abs(analytic(t))), "dt " + dt + " t " + t);
            }
        }
    }

    @Test
    void settlesAtTheSteadyState() {
        ThermalNode n = new ThermalNode(R, C, 80);
        for (int i = 0; i < 100_000; i++) {
            n.step(P, SINK, 1);
        }
        assertEquals(SINK + P * R, n.temperatureC(), 1e-9);
        assertEquals(SINK + P * R, n.steadyStateC(P, SINK), 0);
        assertEquals(R * C, n.timeConstantS(), 1e-12);
        double before = n.temperatureC();
        n.step(P, SINK, 1);
        assertEquals(before, n.temperatureC(), 1e-12);
    }

    @Test
    void coolsTowardTheSinkWithTheSameTimeConstant() {
        ThermalNode n = new ThermalNode(R, C, 50);
        n.step(0, SINK, R * C);
        assertEquals(SINK + 60 * Math.exp(-1), n.temperatureC(), 1e-9);
    }

    @Test
    void theHighestSafePowerLandsExactlyOnTheLimit() {
        ThermalNode n = new ThermalNode(R, C, 30);
        double p = n.maxPowerForW(45, 20, 10);
        assertTrue(p > 0);
        assertEquals(45, n.predictC(p, 20, 10), 1e-9);
        assertFalse(new ThermalNode(R, C, 30).maxPowerForW(25, 20, 10) > 0, "already above the limit: no power is safe");
    }

    @Test
    void impossibleInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ThermalNode(0, C, 20));
        assertThrows(IllegalArgumentException.class, () -> new ThermalNode(R, -1, 20));
        ThermalNode n = new ThermalNode(R, C, 20);
        assertThrows(IllegalArgumentException.class, () -> n.step(-1, 20, 1));
        assertThrows(IllegalArgumentException.class, () -> n.step(1, 20, 0));
    }
}
