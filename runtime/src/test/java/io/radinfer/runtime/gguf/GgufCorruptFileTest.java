package io.radinfer.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made bad GGUF files: each must be refused with a {@link ModelFormatException} that names the field, within a
 * second.
 */
class GgufCorruptFileTest {
    private static final int F32 = GgmlType.F32.id();

    @TempDir
    Path dir;

    /** Opens {@code bytes} as a file, expects a refusal naming {@code field}, and returns it. */
    private ModelFormatException refused(GgufBytes bytes, String field) {
        Path file;
        try {
            file = bytes.write(dir.resolve("bad.gguf"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(ModelFormatException.class, () -> GgufFile.open(file).close()));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e;
    }

    /** One key and one tensor 'w' with the given info, then 32 bytes of data (valid for F32 [4, 2] at offset 0). */
    private static GgufBytes withTensorInfo(int typeId, long offset, long... dims) {
        return GgufBytes.header(3, 1, 1).kvString("general.architecture", "llama")
                .tensorInfo("w", typeId, offset, dims).padTo(32).counting(32);
    }

    @Test
    void theValidBaseFileOpens() throws Exception {
        Path file = withTensorInfo(F32, 0, 4, 2).write(dir.resolve("good.gguf"));
        try (GgufFile g = GgufFile.open(file)) {
            assertEquals(32, g.tensor("w").byteSize());
        }
    }

    @Test
    void badMagic() {
        GgufBytes b = new GgufBytes().raw("GGUX".getBytes()).u32(3).u64(0).u64(0);
        assertTrue(refused(b, "magic").getMessage().contains("not a GGUF file"));
    }

    @Test
    void truncatedHeader() {
        refused(new GgufBytes().raw("GGUF".getBytes()).u32(3).u32(0), "tensor_count");
    }

    @Test
    void emptyFile() {
        refused(new GgufBytes(), "magic");
    }

    @Test
    void version1IsRefused() {
        assertTrue(refused(GgufBytes.header(1, 0, 0), "version").getMessage().contains("version 1"));
    }

    @Test
    void version99IsRefused() {
        assertTrue(refused(GgufBytes.header(99, 0, 0), "version").getMessage().contains("99"));
    }

    @Test
    void bigEndianVersionIsRecognised() {
        assertTrue(refused(GgufBytes.header(3 << 24, 0, 0), "version").getMessage().contains("big-endian"));
    }

    @Test
    void truncatedTensorData() {
        GgufBytes b = GgufBytes.header(3, 1, 0).tensorInfo("w", F32, 0, 4, 2).padTo(32).counting(31);
        assertTrue(refused(b, "tensor_infos[0].offset").getMessage().contains("'w'"));
    }

    @Test
    void tensorOffsetPastTheEnd() {
        refused(withTensorInfo(F32, 1L << 20, 4, 2), "tensor_infos[0].offset");
    }

    @Test
    void tensorOffsetAbove2To63() {
        refused(withTensorInfo(F32, Long.MIN_VALUE, 4, 2), "tensor_infos[0].offset");
    }

    @Test
    void misalignedTensorData() {
        assertTrue(refused(withTensorInfo(F32, 4, 4, 2), "tensor_infos[0].offset").getMessage().contains("alignment"));
    }

    @Test
    void stringLength2To62() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("general.name").u32(GgufValueType.STRING.id()).u64(1L << 62).raw(new byte[16]);
        ModelFormatException e = refused(b, "metadata[0].value");
        assertTrue(e.getMessage().contains("general.name"), e.getMessage());
    }

    @Test
    void keyLength2To62() {
        refused(GgufBytes.header(3, 0, 1).u64(1L << 62).raw(new byte[16]), "metadata[0].key");
    }

    @Test
    void arrayCount2To40() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("tokenizer.ggml.scores").u32(GgufValueType.ARRAY.id())
                .u32(GgufValueType.FLOAT32.id()).u64(1L << 40).raw(new byte[64]);
        refused(b, "metadata[0].value.length");
    }

    @Test
    void tensorCount2To60() {
        refused(GgufBytes.header(3, 1L << 60, 0), "tensor_count");
    }

    @Test
    void metadataCount2To60() {
        refused(GgufBytes.header(3, 0, 1L << 60), "metadata_kv_count");
    }

    @Test
    void metadataCountThatFitsTheFileButExceedsTheLimit() {
        int count = GgufParser.MAX_KEYS + 1;
        ModelFormatException e = refused(GgufBytes.header(3, 0, count).raw(new byte[count * 13]), "metadata_kv_count");
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void unsupportedGgmlTypeNamesTheTensorAndListsSupportedTypes() {
        int q41 = 3;
        ModelFormatException e = refused(withTensorInfo(q41, 0, 32, 1), "tensor_infos[0].type");
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("id 3")
                && e.getMessage().contains(GgmlType.supportedList()), e.getMessage());
    }

    @Test
    void unknownGgmlTypeId() {
        refused(withTensorInfo(-1, 0, 4, 2), "tensor_infos[0].type");
    }

    @Test
    void unknownMetadataValueType() {
        refused(GgufBytes.header(3, 0, 1).str("k").u32(13).u32(0), "metadata[0].value_type");
    }

    @Test
    void unknownArrayElementType() {
        refused(GgufBytes.header(3, 0, 1).str("k").u32(GgufValueType.ARRAY.id()).u32(77).u64(0), "metadata[0].value.type");
    }

    @Test
    void zeroDimensions() {
        GgufBytes b = GgufBytes.header(3, 1, 0).str("w").u32(0).u32(F32).u64(0).padTo(32).counting(32);
        refused(b, "tensor_infos[0].n_dims");
    }

    @Test
    void fiveDimensions() {
        refused(withTensorInfo(F32, 0, 1, 1, 1, 1, 8), "tensor_infos[0].n_dims");
    }

    @Test
    void zeroDimension() {
        refused(withTensorInfo(F32, 0, 4, 0), "tensor_infos[0].dims[1]");
    }

    @Test
    void negativeDimension() {
        refused(withTensorInfo(F32, 0, 4, -2), "tensor_infos[0].dims[1]");
    }

    @Test
    void dimensionsWhoseProductOverflows() {
        ModelFormatException e = refused(withTensorInfo(F32, 0, 1L << 32, 1L << 32), "tensor_infos[0].dims[1]");
        assertTrue(e.getMessage().contains("overflow"), e.getMessage());
    }

    @Test
    void byteSizeThatOverflows() {
        refused(withTensorInfo(F32, 0, 1L << 31, 1L << 31), "tensor_infos[0].dims");
    }

    @Test
    void rowLengthNotAMultipleOfTheBlockSize() {
        refused(withTensorInfo(GgmlType.Q8_0.id(), 0, 16, 2), "tensor_infos[0].dims[0]");
    }

    @Test
    void alignmentNotAPowerOfTwo() {
        GgufBytes b = GgufBytes.header(3, 1, 2).kvString("general.architecture", "llama").kvU32("general.alignment", 48);
        b.tensorInfo("w", F32, 0, 4, 2).padTo(48).counting(32);
        ModelFormatException e = refused(b, "metadata[1].value");
        assertTrue(e.getMessage().contains("general.alignment") && e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void alignmentZero() {
        refused(GgufBytes.header(3, 0, 1).kvU32("general.alignment", 0), "metadata[0].value");
    }

    @Test
    void alignmentOfTheWrongType() {
        refused(GgufBytes.header(3, 0, 1).str("general.alignment").u32(GgufValueType.UINT64.id()).u64(32), "metadata[0].value");
    }

    @Test
    void arraysNested1000Deep() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("deep").u32(GgufValueType.ARRAY.id());
        for (int i = 0; i < 1000; i++) {
            b.u32(GgufValueType.ARRAY.id()).u64(1);
        }
        b.u32(GgufValueType.UINT8.id()).u64(0);
        ModelFormatException e = refused(b, "metadata[0].value" + "[0]".repeat(GgufParser.MAX_ARRAY_DEPTH));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void duplicateKey() {
        refused(GgufBytes.header(3, 0, 2).kvU32("a.b", 1).kvU32("a.b", 2), "metadata[1].key");
    }

    @Test
    void duplicateTensorName() {
        GgufBytes b = GgufBytes.header(3, 2, 0).tensorInfo("w", F32, 0, 8).tensorInfo("w", F32, 32, 8).padTo(32).counting(64);
        refused(b, "tensor_infos[1].name");
    }

    @Test
    void overlappingTensors() {
        GgufBytes b = GgufBytes.header(3, 2, 0).tensorInfo("a", F32, 0, 16).tensorInfo("b", F32, 32, 8).padTo(32).counting(64);
        ModelFormatException e = refused(b, "tensor_infos[1].offset");
        assertTrue(e.getMessage().contains("overlaps tensor 'a'"), e.getMessage());
    }

    @Test
    void boolOtherThanZeroOrOne() {
        refused(GgufBytes.header(3, 0, 1).str("b").u32(GgufValueType.BOOL.id()).u8(2), "metadata[0].value");
    }

    @Test
    void boolArrayElementOtherThanZeroOrOne() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("b").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.BOOL.id())
                .u64(3).u8(1).u8(0).u8(7);
        refused(b, "metadata[0].value[2]");
    }

    @Test
    void invalidUtf8InAStringArray() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("tokenizer.ggml.tokens").u32(GgufValueType.ARRAY.id())
                .u32(GgufValueType.STRING.id()).u64(2).str("ok").u64(2).u8(0xC3).u8(0x28);
        ModelFormatException e = refused(b, "metadata[0].value[1]");
        assertTrue(e.getMessage().contains("UTF-8") && e.getMessage().contains("tokenizer.ggml.tokens"), e.getMessage());
    }

    @Test
    void tensorNameLongerThan64Bytes() {
        GgufBytes b = GgufBytes.header(3, 1, 0).tensorInfo("x".repeat(65), F32, 0, 8).padTo(32).counting(32);
        refused(b, "tensor_infos[0].name");
    }

    @Test
    void truncatedInsideAnArray() {
        GgufBytes b = GgufBytes.header(3, 0, 1).str("s").u32(GgufValueType.ARRAY.id()).u32(GgufValueType.INT32.id())
                .u64(2).u32(1);
        refused(b, "metadata[0].value.length");
    }

    @Test
    void unsupportedTypeReportsEvenWhenOtherTensorsAreFine() {
        GgufBytes b = GgufBytes.header(3, 2, 0).tensorInfo("ok", F32, 0, 8).tensorInfo("bad", 6, 32, 32)
                .padTo(32).counting(64);
        ModelFormatException e = refused(b, "tensor_infos[1].type");
        assertTrue(e.getMessage().contains("'bad'"), e.getMessage());
        assertTrue(Arrays.stream(GgmlType.values()).allMatch(t -> e.getMessage().contains(t.name())), e.getMessage());
    }
}
