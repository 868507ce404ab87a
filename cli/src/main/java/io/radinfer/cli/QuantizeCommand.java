package io.radinfer.cli;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.convert.Quantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code radinfer quantize}: a GGUF or llama2.c checkpoint to a GGUF of another type. */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convert a GGUF file or a llama2.c checkpoint to a GGUF file of type q8_0, q4_0, f16 or f32 that llama.cpp can read.",
            "Rows that are not a multiple of the block size and 1-D tensors stay float, as llama.cpp does; the tokenizer is carried over."})
final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "IN", description = "GGUF file or llama2.c checkpoint")
    Path in;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "q8_0, q4_0, f16 or f32")
    String type;

    @Option(names = "--out", required = true, paramLabel = "OUT.gguf", description = "output file")
    Path out;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.bin for a llama2.c checkpoint (default: next to it)")
    Path tokenizer;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GgmlType t = switch (type.toLowerCase(Locale.ROOT)) {
            case "q8_0" -> GgmlType.Q8_0;
            case "q4_0" -> GgmlType.Q4_0;
            case "f16" -> GgmlType.F16;
            case "f32" -> GgmlType.F32;
            default -> throw new IllegalArgumentException("--type must be q8_0, q4_0, f16 or f32, got '" + type + "'");
        };
        long t0 = System.nanoTime();
        Quantizer.Result r = Quantizer.quantize(in, t, out, tokenizer);
        spec.commandLine().getErr().printf("wrote %s: %d bytes, %d tensors as %s, %d kept float, in %.1f s%n", r.out(), r.bytes(),
                r.converted(), t.name().toLowerCase(Locale.ROOT), r.keptFloat(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
