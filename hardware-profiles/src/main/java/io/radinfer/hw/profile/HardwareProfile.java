package io.radinfer.hw.profile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target processor board: compute, memory, power, thermal path and radiation facts, each number with its
 * source. Loaded from a YAML file by {@link ProfileLoader}:
 * <pre>{@code
 * HardwareProfile gr740 = ProfileLoader.load("gr740");          // a built-in, by name
 * HardwareProfile mine = ProfileLoader.load("boards/my-board.yaml"); // a user's file, by path
 * System.out.println(gr740.title() + ": " + gr740.cpu().coreCount() + " cores, "
 *         + gr740.memory().bandwidthGbs().value() + " GB/s");
 * }</pre>
 *
 * @param name short name (the file name without {@code .yaml})
 * @param title the device, in words
 * @param summary what it is and where it flies
 * @param origin the file it was read from
 * @param references citation keys used in the sources ({@code [gr740-ds]}) and what they stand for
 * @param cpu the CPU cluster
 * @param memory the weights memory
 * @param power static power
 * @param thermal the thermal path and its limits
 * @param accelerator the matrix offload engine, or {@code null} if the board has none
 * @param radiation published radiation facts
 * @param calibration for the host profile: the calibration its measured figures come from; otherwise
 *     {@code null}
 */
public record HardwareProfile(String name, String title, String summary, String origin, Map<String, String> references,
        CpuSpec cpu, MemorySpec memory, PowerSpec power, ThermalSpec thermal, AcceleratorSpec accelerator,
        RadiationSpec radiation, HostCalibration calibration) {

    public HardwareProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(thermal, "thermal");
        Objects.requireNonNull(radiation, "radiation");
        references = Map.copyOf(references);
    }

    public Optional<AcceleratorSpec> acceleratorSpec() {
        return Optional.ofNullable(accelerator);
    }

    /** Whether this profile describes the machine radinfer runs on (its figures come from a calibration). */
    public boolean isHost() {
        return calibration != null;
    }

    /** Power when nothing computes: static power plus an idle accelerator. */
    public double idlePowerW() {
        return power.staticW().value() + (accelerator == null ? 0 : accelerator.powerIdleW().value());
    }

    /** Power with every core busy at the top DVFS state (and the accelerator idle), before DRAM traffic. */
    public double fullCpuPowerW() {
        return idlePowerW() + cpu.dvfsStates().get(cpu.topState()).powerDynamicW().value();
    }

    /**
     * The host profile with its measured figures replaced by those of {@code measured}: the memory bandwidth
     * becomes the highest read bandwidth measured.
     *
     * @throws IllegalStateException if this is not a host profile
     */
    public HardwareProfile withCalibration(HostCalibration measured) {
        if (!isHost()) {
            throw new IllegalStateException("profile " + name + " is not calibrated from host measurements");
        }
        Figure bw = Figure.measured(measured.maxReadBandwidthGbs(),
                "highest read bandwidth in the host calibration " + measured.source());
        MemorySpec m = new MemorySpec(bw, memory.sizeMib(), memory.energyPjPerByte());
        return new HardwareProfile(name, title, summary, origin, references, cpu, m, power, thermal, accelerator,
                radiation, measured);
    }
}
