package io.radinfer.hw.sim;

/**
 * What one request costs at one operating point (threads, DVFS state, offload), running flat out with no
 * protection.
 *
 * @param threads CPU threads
 * @param dvfsState DVFS state index
 * @param offload whether matrix products ran on the accelerator
 * @param requestSeconds time for one request
 * @param generatedTokens tokens one request produces
 * @param computeEnergyJ dynamic energy of the cores and the accelerator (above idle) for one request
 * @param dramEnergyJ energy of the memory traffic of one request
 */
public record OperatingCost(int threads, int dvfsState, boolean offload, double requestSeconds, int generatedTokens,
        double computeEnergyJ, double dramEnergyJ) {

    /** Generated tokens per second while computing. */
    public double tokensPerSecond() {
        return generatedTokens / requestSeconds;
    }

    /** Power above idle while computing: compute plus DRAM energy over time. */
    public double activePowerW() {
        return (computeEnergyJ + dramEnergyJ) / requestSeconds;
    }

    /** The share of the active power spent on memory traffic. */
    public double dramShare() {
        return dramEnergyJ / (computeEnergyJ + dramEnergyJ);
    }
}
