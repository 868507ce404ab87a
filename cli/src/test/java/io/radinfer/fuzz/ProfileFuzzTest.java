package io.radinfer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.radinfer.hw.profile.ProfileException;
import io.radinfer.hw.profile.ProfileLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the hardware-profile loader (YAML parsing, the schema walk, every range check) with a profile file. The
 * only allowed failure is a {@link ProfileException}. Seeds: the built-in profiles, in
 * {@code ProfileFuzzTestInputs/load/}.
 */
class ProfileFuzzTest {
    private static final FuzzFiles FILES = new FuzzFiles("profile");

    /** The loader wants a profile's {@code name} to match its file name; the harness names the file after it. */
    private static final Pattern NAME = Pattern.compile("(?m)^name:\\s*\"?([A-Za-z0-9._-]{1,40})");

    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) {
        Matcher m = NAME.matcher(new String(input, StandardCharsets.ISO_8859_1));
        String name = m.find() && !m.group(1).startsWith(".") ? m.group(1) : "profile";
        FILES.clear();
        Path file = FILES.write(name + ".yaml", input);
        try {
            ProfileLoader.fromFile(file).toString();
        } catch (ProfileException expected) {
            // typed refusal
        }
    }
}
