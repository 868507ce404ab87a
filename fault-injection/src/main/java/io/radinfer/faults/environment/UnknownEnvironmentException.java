package io.radinfer.faults.environment;

/** An {@code --environment} name that is not built in; the message lists the ones that are. */
public class UnknownEnvironmentException extends IllegalArgumentException {
    /**
     * @param name the name asked for
     * @param known the built-in names
     */
    public UnknownEnvironmentException(String name, Iterable<String> known) {
        super("unknown environment '" + name + "'; built-in environments are " + String.join(", ", known));
    }
}
