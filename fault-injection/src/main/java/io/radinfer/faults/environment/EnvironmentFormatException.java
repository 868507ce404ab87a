package io.radinfer.faults.environment;

import java.io.IOException;

/** An environments file that is not valid: the message names the file, the environment and the field. */
public class EnvironmentFormatException extends IOException {
    /**
     * @param source the file or resource
     * @param problem what is wrong, naming the environment and field
     */
    public EnvironmentFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
