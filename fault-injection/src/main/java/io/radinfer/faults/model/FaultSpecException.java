package io.radinfer.faults.model;

/**
 * A fault, bit restriction or target specification that cannot be used: bad syntax such as {@code mbu:x}, a
 * value out of range, or a fault that does not fit the chosen target. The message quotes the input and says
 * what is accepted.
 */
public class FaultSpecException extends IllegalArgumentException {
    private final String input;

    /**
     * @param input the specification as the user wrote it
     * @param problem what is wrong and what is accepted
     */
    public FaultSpecException(String input, String problem) {
        super("'" + input + "': " + problem);
        this.input = input;
    }

    /** The specification as the user wrote it. */
    public String input() {
        return input;
    }
}
