package io.radinfer.runtime.gguf;

/**
 * Whether {@link GgufFile#open(java.nio.file.Path, IntegrityCheck)} checks tensor data against the file's
 * integrity record before returning. Checking reads every tensor byte once and computes its CRC32C, so it costs
 * about the time to read the whole model from storage; that is why it is a choice.
 */
public enum IntegrityCheck {
    /** Do not check at open; {@link GgufFile#verifyIntegrity()} can still be called later. */
    NONE,
    /** Check at open if the file has an integrity record; open files without one as they are. */
    IF_PRESENT,
    /** Check at open, and refuse a file without an integrity record. */
    REQUIRED
}
