package io.radinfer.runtime.builtin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The vocabulary of the built-in model: a SentencePiece-style llama vocabulary (GGUF
 * {@code tokenizer.ggml.model = llama}) made from a fixed list of common English words, so the synthetic
 * model's output reads as words (in no sensible order: the weights are random) and prompts encode through
 * the real tokenizer code. Layout: {@code <unk>}, {@code <s>}, {@code </s>}, the 256 byte tokens
 * {@code <0x00>..<0xFF>} (byte fallback), then single characters and the prefixes of every word with the
 * SentencePiece space marker, so BPE merging can build each word; earlier pieces score higher.
 */
public final class BuiltinVocabulary {
    /** GGUF token types (llama.cpp's {@code llama_token_type}). */
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int BYTE = 6;

    private static final String WORDS = """
            the a and to was he she it they in of on with for his her that you i is said one day
            there little time upon once big happy saw went play so but not had what all were very
            friend friends mom dad cat dog bird ball tree park sun sky red blue green girl boy named
            lily tim ben sue tom max amy sam anna kitty bunny bear fish duck frog mouse car toy box
            house room garden water cake apple flower door book hat bed kind good sad scared brave
            wanted loved liked found looked asked smiled laughed ran jumped walked played helped
            gave took made came saw felt knew thought did could would can will see go get make come
            help find look want like love have has be been are am do up down out into over under
            back home away from at by as then when after before because while every some many
            new old small tall fun nice pretty shiny soft loud quiet fast slow hot cold warm wet
            dry long short first last best more most too also again now here where who how why
            yes no thank please sorry hello bye mommy daddy teacher school sand sea boat rain snow
            star moon night morning story song dance run jump swim fly sing read draw paint climb
            share sleep eat drink open close pick hold hug kiss wave clap cry shout whisper learned
            lesson together always never something everything anything nothing someone everyone
            """;

    private BuiltinVocabulary() {
    }

    /** The token strings, ids in order. */
    public static String[] tokens() {
        return build().tokens.toArray(String[]::new);
    }

    /** Merge scores, aligned with {@link #tokens()}. */
    public static float[] scores() {
        List<String> t = build().tokens;
        float[] s = new float[t.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = i < 259 ? 0f : -(i - 259);
        }
        return s;
    }

    /** Token types, aligned with {@link #tokens()}. */
    public static int[] types() {
        int n = build().tokens.size();
        int[] t = new int[n];
        t[0] = UNKNOWN;
        t[1] = CONTROL;
        t[2] = CONTROL;
        for (int i = 3; i < n; i++) {
            t[i] = i < 259 ? BYTE : NORMAL;
        }
        return t;
    }

    public static final int UNK = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;

    /** The whole words of the vocabulary (without the space marker). */
    public static Set<String> words() {
        return new LinkedHashSet<>(List.of(WORDS.trim().split("\\s+")));
    }

    private record Built(List<String> tokens) {
    }

    private static Built build() {
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add("<unk>");
        pieces.add("<s>");
        pieces.add("</s>");
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
        }
        pieces.add("\u2581");
        for (char ch = 'a'; ch <= 'z'; ch++) {
            pieces.add(String.valueOf(ch));
            pieces.add("\u2581" + ch);
        }
        for (char ch : ".,!?'\"-:;0123456789".toCharArray()) {
            pieces.add(String.valueOf(ch));
        }
        for (String w : WORDS.trim().split("\\s+")) {
            for (int i = 2; i <= w.length(); i++) {
                pieces.add("\u2581" + w.substring(0, i));
            }
        }
        return new Built(new ArrayList<>(pieces));
    }
}
