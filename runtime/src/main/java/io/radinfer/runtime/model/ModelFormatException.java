package io.radinfer.runtime.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model, tokenizer or checkpoint file that radinfer cannot use: bad magic, a truncated section, a count or
 * offset that does not fit the file, an unsupported type or architecture. The message names the file, the
 * byte offset and the field, and what the user can do; the same facts are available as fields.
 */
public class ModelFormatException extends IOException {
    private final Path file;
    private final long offset;
    private final String field;

    /**
     * @param file the file (may be {@code null} for in-memory data)
     * @param offset byte offset of the field, or -1 if not tied to one offset
     * @param field the field or section that is wrong, e.g. {@code "tensor_infos[3].offset"}
     * @param problem what is wrong, and if possible what to do about it
     */
    public ModelFormatException(Path file, long offset, String field, String problem) {
        super(format(file, offset, field, problem));
        this.file = file;
        this.offset = offset;
        this.field = field;
    }

    private static String format(Path file, long offset, String field, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<memory>" : file.toString());
        if (offset >= 0) {
            sb.append(" @ byte ").append(offset);
        }
        if (field != null) {
            sb.append(" (").append(field).append(')');
        }
        return sb.append(": ").append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** Byte offset of the bad field, or -1. */
    public long offset() {
        return offset;
    }

    public String field() {
        return field;
    }
}
