package io.radinfer.runtime.gguf;

import io.radinfer.runtime.model.ModelFormatException;
import java.nio.file.Path;
import java.util.List;

/**
 * Tensor data whose CRC32C differs from the one recorded in the file's integrity record: the bytes changed after
 * the file was written (a bit flip on storage or in transfer). The message and {@link #tensorNames()} name every
 * tensor that failed. Restore the file from a good copy.
 */
public class IntegrityException extends ModelFormatException {
    private final List<String> tensorNames;

    /**
     * @param file the model file
     * @param offset byte offset of the first bad tensor's data
     * @param tensorNames the tensors whose data does not match, in file order; empty when the header failed its CRC
     * @param problem what was checked and what to do
     */
    public IntegrityException(Path file, long offset, List<String> tensorNames, String problem) {
        super(file, offset, IntegrityRecord.CRC32C_KEY, problem);
        this.tensorNames = List.copyOf(tensorNames);
    }

    /** The tensors whose data does not match their recorded CRC32C, in file order; empty for a header mismatch. */
    public List<String> tensorNames() {
        return tensorNames;
    }
}
