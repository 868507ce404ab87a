package io.radinfer.hw.sim;

import io.radinfer.hw.profile.HardwareProfile;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;

/** The efficiencies every simulation test uses: the host profile's documented calibration defaults. */
public final class SimFixtures {
    private SimFixtures() {
    }

    public static KernelEfficiency defaultEfficiency() throws ProfileException {
        HardwareProfile host = ProfileLoader.builtIn("host");
        return KernelEfficiency.from(host, host.calibration());
    }
}
