package io.radinfer.cli;

import io.radinfer.kernels.tensor.GgmlType;
import io.radinfer.runtime.KernelChoice;
import io.radinfer.runtime.LoadOptions;
import io.radinfer.runtime.Model;
import io.radinfer.runtime.SessionOptions;
import io.radinfer.runtime.builtin.BuiltinModel;
import io.radinfer.runtime.protect.ProtectionPolicy;
import io.radinfer.runtime.protect.ProtectionPreset;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The options every command that runs a model shares. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "FILE",
            description = "GGUF file or llama2.c checkpoint (default: the built-in model, synthetic weights, made at first use)")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "tokenizer.bin for a llama2.c checkpoint (default: tokenizer.bin next to it, if present)")
    Path tokenizer;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores, ${DEFAULT-VALUE})")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--kv-cache", paramLabel = "TYPE", description = "KV cache type: f32 or f16 (default: f32)",
            converter = CacheTypeConverter.class)
    GgmlType kvCache = GgmlType.F32;

    @Option(names = "--kernels", paramLabel = "KIND", converter = KernelChoiceConverter.class,
            description = "compute kernels: auto, vector or scalar (default: auto = the Vector API kernels for GGUF "
                    + "files and the built-in model, the scalar run.c-exact kernels for llama2.c checkpoints)")
    KernelChoice kernels = KernelChoice.AUTO;

    /** Loads the model (or the built-in one), saying which on {@code log}. */
    Model load(PrintWriter log) throws IOException {
        Path p = model;
        if (p == null) {
            p = BuiltinModel.ensure();
            log.println("model: built-in (SYNTHETIC weights, seed " + BuiltinModel.SEED + ": its text is word salad; "
                    + "pass --model FILE.gguf for a real model) " + p);
        }
        LoadOptions lo = LoadOptions.defaults().withKernels(kernels);
        if (tokenizer != null) {
            lo = lo.withTokenizer(tokenizer);
        }
        return Model.load(p, lo);
    }

    SessionOptions session(int contextLength, ProtectionPreset protect) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be in 1..1024, got " + threads);
        }
        return SessionOptions.defaults().withThreads(threads).withKvCacheType(kvCache)
                .withContextLength(contextLength).withProtection(ProtectionPolicy.of(protect));
    }

    static final class PresetConverter implements picocli.CommandLine.ITypeConverter<ProtectionPreset> {
        @Override
        public ProtectionPreset convert(String value) {
            return ProtectionPreset.parse(value);
        }
    }

    static final class KernelChoiceConverter implements picocli.CommandLine.ITypeConverter<KernelChoice> {
        @Override
        public KernelChoice convert(String value) {
            return KernelChoice.parse(value);
        }
    }

    static final class CacheTypeConverter implements picocli.CommandLine.ITypeConverter<GgmlType> {
        @Override
        public GgmlType convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "f32" -> GgmlType.F32;
                case "f16" -> GgmlType.F16;
                default -> throw new IllegalArgumentException("KV cache type must be f32 or f16, got '" + value + "'");
            };
        }
    }
}
