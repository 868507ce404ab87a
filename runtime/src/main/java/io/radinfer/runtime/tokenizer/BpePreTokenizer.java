package io.radinfer.runtime.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regex pre-tokenizers of byte-level BPE vocabularies, selected by GGUF's {@code tokenizer.ggml.pre}.
 * Text is cut into pieces by each pattern in turn; the text between matches is kept as pieces too (as
 * llama.cpp's {@code unicode_regex_split} does), and BPE then runs inside each piece. The patterns are
 * the ones in the models' {@code tokenizer.json} files (and llama.cpp's {@code llama-vocab.cpp}); they are
 * compiled with {@link Pattern#UNICODE_CHARACTER_CLASS}, so {@code \s} is Unicode White_Space as in the
 * Python and Rust originals.
 */
enum BpePreTokenizer {
    /** GPT-2's own pattern. "default" (a GGUF file that did not record its pre-tokenizer) also maps here. */
    GPT2(List.of("gpt-2", "gpt2", "default"), false, Regex.GPT2),
    /** SmolLM/SmolLM2: every digit on its own ({@code Digits(individual_digits)}), then GPT-2's pattern. */
    SMOLLM(List.of("smollm"), false, "\\p{N}", Regex.GPT2),
    /** Qwen2: letters may take one leading non-letter, digits one at a time, newlines grouped. */
    QWEN2(List.of("qwen2"), false, Regex.QWEN2),
    /**
     * Llama 3: Qwen2's pattern with digits in groups of up to three; a piece that is itself a token is
     * kept whole without merging ({@code ignore_merges} in its {@code tokenizer.json}).
     */
    LLAMA3(List.of("llama-bpe", "llama3", "llama-v3"), true, Regex.LLAMA3);

    private static final class Regex {
        static final String GPT2 =
                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
        // Contractions with explicit case classes rather than (?i:...): under Unicode case folding (?i)
        // would also match e.g. the long s U+017F, which the original ASCII-insensitive match does not.
        static final String CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
        static final String QWEN2 = CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
        static final String LLAMA3 = CONTRACTIONS + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    }

    private final List<String> names;
    private final boolean ignoreMerges;
    private final Pattern[] patterns;

    BpePreTokenizer(List<String> names, boolean ignoreMerges, String... regexes) {
        this.names = names;
        this.ignoreMerges = ignoreMerges;
        this.patterns = new Pattern[regexes.length];
        for (int i = 0; i < regexes.length; i++) {
            patterns[i] = Pattern.compile(regexes[i], Pattern.UNICODE_CHARACTER_CLASS);
        }
    }

    /** The pre-tokenizer for a {@code tokenizer.ggml.pre} value, or null if it is not supported. */
    static BpePreTokenizer forName(String pre) {
        for (BpePreTokenizer p : values()) {
            if (p.names.contains(pre)) {
                return p;
            }
        }
        return null;
    }

    /** Every supported {@code tokenizer.ggml.pre} value, for error messages. */
    static List<String> supportedNames() {
        List<String> all = new ArrayList<>();
        for (BpePreTokenizer p : values()) {
            all.addAll(p.names);
        }
        return all;
    }

    boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** Cuts non-empty text into pieces that concatenate back to it. */
    List<String> split(String text) {
        List<String> pieces = List.of(text);
        for (Pattern pattern : patterns) {
            List<String> next = new ArrayList<>();
            for (String piece : pieces) {
                Matcher m = pattern.matcher(piece);
                int end = 0;
                while (m.find()) {
                    if (m.start() > end) {
                        next.add(piece.substring(end, m.start()));
                    }
                    if (m.end() > m.start()) {
                        next.add(m.group());
                    }
                    end = m.end();
                }
                if (end < piece.length()) {
                    next.add(piece.substring(end));
                }
            }
            pieces = next;
        }
        return pieces;
    }
}
