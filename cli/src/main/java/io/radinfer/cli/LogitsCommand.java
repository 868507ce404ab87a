package io.radinfer.cli;

import io.radinfer.runtime.Model;
import io.radinfer.runtime.Session;
import io.radinfer.runtime.protect.ProtectionPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/** {@code radinfer logits}: the logits after every prompt position, as little-endian float32 rows. */
@Command(name = "logits", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the logits after each prompt position (causal) to a file: little-endian float32, "
                + "row-major [positions][vocab].")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--prompt-ids", required = true, paramLabel = "IDS", converter = TokenIds.Converter.class,
            description = "the prompt as comma-separated token ids, e.g. 1,10,20")
    TokenIds prompt;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output file")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int[] promptIds = prompt.ids();
        try (Model m = model.load(spec.commandLine().getErr())) {
            int vocab = m.config().vocab();
            for (int id : promptIds) {
                if (id >= vocab) {
                    throw new IllegalArgumentException("--prompt-ids: token id " + id + " is outside the vocabulary 0.." + (vocab - 1));
                }
            }
            if (promptIds.length > m.config().contextLength()) {
                throw new IllegalArgumentException(promptIds.length + " prompt ids exceed the model's context of " + m.config().contextLength());
            }
            float[] logits = new float[promptIds.length * vocab];
            try (Session s = m.newSession(model.session(promptIds.length, ProtectionPreset.NONE))) {
                s.logits(promptIds, logits);
            }
            ByteBuffer buf = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(logits);
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            spec.commandLine().getErr().printf("wrote %d positions x %d logits (%d bytes) to %s%n", promptIds.length, vocab, logits.length * 4L, out);
        }
        return 0;
    }
}
