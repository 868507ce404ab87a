package io.radinfer.hw.sim;

/**
 * A simulation that cannot be run as configured: the model does not fit the board's memory, the budget is
 * below the board's idle power, the temperature limit cannot be held even idle, the battery cannot carry
 * the idle board through an eclipse. The message names the parameter and what to change.
 */
public class SimulationException extends Exception {
    private final String parameter;

    /**
     * @param parameter the configuration parameter at fault, as the CLI names it (e.g. {@code budget-w})
     * @param problem what is wrong and what to do
     */
    public SimulationException(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
