package io.radinfer.hw.thermal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SinkTemperatureTest {

    @Test
    void relaxesTowardTheEclipseValueAndBack() {
        SinkTemperature s = new SinkTemperature(20, 0, 1800);
        assertEquals(20, s.temperatureC());
        s.step(false, 1800);
        assertEquals(20 * Math.exp(-1), s.temperatureC(), 1e-12);
        for (int i = 0; i < 100; i++) {
            s.step(true, 600);
        }
        assertEquals(20, s.temperatureC(), 1e-9);
    }
}
