package io.radinfer.faults.campaign;

/** A {@code --shard i/n} value that cannot be used; the message quotes it and says what is accepted. */
public class ShardSpecException extends IllegalArgumentException {
    /**
     * @param input the value as given
     * @param problem what is wrong
     */
    public ShardSpecException(String input, String problem) {
        super("--shard '" + input + "': " + problem);
    }
}
