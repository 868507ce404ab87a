package io.radinfer.runtime.gguf;

import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Everything {@link GgufParser} read and checked from the front of a GGUF file.
 *
 * @param metadata the key-value pairs in file order, unmodifiable
 * @param valueOffsets for each key, the byte offset of its value, for error messages
 * @param alignment {@code general.alignment}, or 32
 * @param dataOffset absolute offset of the tensor data section
 * @param tensors the tensor infos in file order, offsets absolute
 */
record GgufHeader(int version, SequencedMap<String, GgufValue> metadata, Map<String, Long> valueOffsets,
        long alignment, long dataOffset, List<GgufTensorInfo> tensors) {
}
