package io.radinfer.runtime.gguf;

/**
 * Whether {@link GgufFile#open(java.nio.file.Path, IntegrityCheck)} checks tensor data against the file's
 * integrity record before returning. Checking reads every tensor byte once (CRC32C runs at several GB/s with the
 * JDK's intrinsic, so roughly a second per few GB plus the time to page the file in), which is why it is a choice.
 */
public enum IntegrityCheck {
    /** Do not check at open; {@link GgufFile#verifyIntegrity()} can still be called later. */
    NONE,
    /** Check at open if the file has an integrity record; open files without one as they are. */
    IF_PRESENT,
    /** Check at open, and refuse a file without an integrity record. */
    REQUIRED
}
