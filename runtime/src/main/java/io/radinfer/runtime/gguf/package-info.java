/**
 * Reading and writing GGUF model files (the format of llama.cpp and ggml; spec: ggml docs/gguf.md).
 *
 * <p>{@link io.radinfer.runtime.gguf.GgufFile} opens a GGUF file of version 2 or 3 (little-endian), maps it once,
 * and exposes its metadata as typed values ({@link io.radinfer.runtime.gguf.GgufValue},
 * {@link io.radinfer.runtime.gguf.GgufArray}) and its tensors as read-only
 * {@link io.radinfer.kernels.tensor.Tensor} views of the mapping. {@link io.radinfer.runtime.gguf.GgufWriter}
 * writes GGUF version 3 with llama.cpp's layout.
 *
 * <h2>What the reader checks</h2>
 * Model files come over uplinks and may be corrupted or hostile, so the header is read with a bounded reader over
 * the mapping and every value is checked before it is used. Each failure is a
 * {@link io.radinfer.runtime.model.ModelFormatException} whose {@code field()} names the field
 * ({@code magic}, {@code version}, {@code tensor_count}, {@code metadata_kv_count}, {@code metadata[i].key},
 * {@code metadata[i].value_type}, {@code metadata[i].value}, {@code metadata[i].value[j]},
 * {@code metadata[i].value.type}, {@code metadata[i].value.length}, {@code tensor_infos[i].name},
 * {@code tensor_infos[i].n_dims}, {@code tensor_infos[i].dims[j]}, {@code tensor_infos[i].type},
 * {@code tensor_infos[i].offset}), whose message names the key or tensor, and whose {@code offset()} is the byte
 * where the bad value starts.
 * <ul>
 * <li>Magic {@code GGUF}; version 2 or 3. Version 1 (32-bit counts) and other versions are refused; a version whose
 *     low 16 bits are zero is reported as a probable big-endian file, which is not supported.</li>
 * <li>Every count and length (tensor count, key count, string length, array length) is checked against the bytes
 *     left in the file, using the smallest encoding of one item, before anything is allocated for it; so a claimed
 *     count of 2^40 or a string length of 2^62 fails at once and allocates nothing. Reads past the end of the file
 *     name the field that was cut off.</li>
 * <li>Limits above anything a real model uses, so that a large hostile file cannot exhaust the heap either:
 *     strings at most 64 MiB, arrays at most 2^22 elements, at most 2^16 keys and 2^17 tensors, arrays nested at
 *     most 8 deep. Keys are at most 65535 bytes and tensor names at most 64 bytes (spec).</li>
 * <li>Strings must be valid UTF-8 (spec); invalid UTF-8 is an error rather than a silent replacement, because in a
 *     file that should be UTF-8 it means corruption. Booleans must be 0 or 1 (spec). Value type ids must be 0 to 12.</li>
 * <li>Keys and tensor names are unique.</li>
 * <li>{@code general.alignment}, if present, is a UINT32 (as llama.cpp reads it) and a power of two; default 32.
 *     The data section starts at the end of the tensor infos rounded up to it.</li>
 * <li>Tensors: 1 to 4 dimensions, each positive (below 2^63), their product and the byte size within 64 bits, the
 *     row length a multiple of the type's block size. The ggml type must be one radinfer supports
 *     ({@link io.radinfer.kernels.tensor.GgmlType}); an unsupported type fails the open, naming the tensor and the
 *     type id, since such a model cannot run.</li>
 * <li>Tensor data offsets are multiples of the alignment, lie wholly inside the file, and no two tensors overlap
 *     (llama.cpp does not check overlap; radinfer does, so that each tensor has its own bytes for integrity
 *     checking and scrubbing). The zero padding after the last tensor is not required.</li>
 * </ul>
 *
 * <h2>Integrity record</h2>
 * {@link io.radinfer.runtime.gguf.GgufWriter#withIntegrityRecord()} adds three metadata keys after the others:
 * <ul>
 * <li>{@code radinfer.integrity.crc32c}: array of UINT32, the CRC32C (Castagnoli, {@link java.util.zip.CRC32C})
 *     of each named tensor's data bytes, padding excluded, index for index;</li>
 * <li>{@code radinfer.integrity.tensors}: array of STRING, tensor names;</li>
 * <li>{@code radinfer.integrity.header_crc32c}: UINT32, the CRC32C of all bytes before the data section (header,
 *     metadata, tensor infos and their padding) with this value's own four bytes read as zero. Optional: files
 *     written before it existed are checked without it.</li>
 * </ul>
 * Other GGUF readers ignore them. When a file has them, the reader checks at open that both are present with these
 * types and equal lengths, and that every name is a tensor of the file, once. The data itself is checked only when
 * asked ({@link io.radinfer.runtime.gguf.GgufFile#verifyIntegrity()}, or
 * {@link io.radinfer.runtime.gguf.IntegrityCheck} at open), because it reads the whole model; a mismatch is an
 * {@link io.radinfer.runtime.gguf.IntegrityException} naming every tensor that differs (or none, for a header
 * mismatch: a flipped metadata value such as {@code rope.freq_base} parses fine and would otherwise change the
 * model silently).
 *
 * <h2>What the writer produces</h2>
 * GGUF v3, little-endian: header, metadata pairs in the order put, tensor infos in the order added with offsets
 * relative to the data section, zero padding to the alignment, then each tensor's data followed by zero padding to
 * the alignment (also after the last tensor), so each tensor's offset is the previous one's plus its padded size,
 * which is what llama.cpp's reader requires. Tensor names are limited to 63 bytes (llama.cpp's GGML_MAX_NAME
 * includes a NUL). Nested arrays are written as the spec describes, but llama.cpp cannot read them.
 */
package io.radinfer.runtime.gguf;
