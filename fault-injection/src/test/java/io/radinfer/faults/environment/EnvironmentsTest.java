package io.radinfer.faults.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {

    @Test
    void builtInEnvironmentsAreTheDocumentedFive() {
        assertEquals(List.of("sso-700", "leo-550", "saa-pass", "geo-quiet", "spe-peak"),
                Environments.builtIn().names());
        for (RadiationEnvironment env : Environments.builtIn().all()) {
            assertFalse(env.sources().isEmpty(), env.name());
            assertFalse(env.derivation().isBlank(), env.name());
        }
    }

    @Test
    void alsat1NumbersAreAsPublished() {
        RadiationEnvironment sso = Environments.builtIn().byName("sso-700");
        assertEquals(4.04e-7, sso.upsetsPerBitDay());
        assertEquals(0.986, sso.multiBit().singleBit());
        assertEquals(0.0122, sso.multiBit().doubleByte());
        assertEquals("S", sso.grade());
    }

    @Test
    void derivedRatesFollowTheirStatedArithmetic() {
        RadiationEnvironment saa = Environments.builtIn().byName("saa-pass");
        RadiationEnvironment leo = Environments.builtIn().byName("leo-550");
        assertEquals(leo.upsetsPerBitDay() * 0.8 / saa.timeFraction(), saa.upsetsPerBitDay(), 0.01e-6);
        assertEquals(leo.upsetsPerBitDay() * 0.8, saa.effectiveUpsetsPerBitDay(), 0.01e-7);
        RadiationEnvironment spe = Environments.builtIn().byName("spe-peak");
        assertEquals(243.0 / (8 * 1024) / 6, spe.upsetsPerBitDay(), 0.01e-3);
        assertNull(spe.range());
        assertEquals(spe.upsetsPerBitDay(), spe.rateLow());
        RadiationEnvironment geo = Environments.builtIn().byName("geo-quiet");
        assertEquals(Math.sqrt(geo.rateLow() * geo.rateHigh()), geo.upsetsPerBitDay(), 0.01e-9);
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        UnknownEnvironmentException e = assertThrows(UnknownEnvironmentException.class,
                () -> Environments.builtIn().byName("mars"));
        assertTrue(e.getMessage().contains("leo-550") && e.getMessage().contains("'mars'"), e.getMessage());
    }

    private static Environments parse(String json) throws Exception {
        return Environments.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void badFilesAreTypedErrorsNamingTheEnvironmentAndField() {
        String env = """
                {"format_version": 1, "environments": [{"name": "x", "description": "d",
                 "upsets_per_bit_day": %s, "range": %s, "time_fraction": %s, "multi_bit": null, "grade": "S",
                 "derivation": "d", "sources": [{"grade": "S", "claim": "c", "source": "s"}]}]}""";
        EnvironmentFormatException rate = assertThrows(EnvironmentFormatException.class,
                () -> parse(env.formatted("-1", "null", "1")));
        assertTrue(rate.getMessage().startsWith("test.json: environment 'x': upsets_per_bit_day"), rate.getMessage());
        assertThrows(EnvironmentFormatException.class, () -> parse(env.formatted("1e-7", "[2e-7, 3e-7]", "1")));
        assertThrows(EnvironmentFormatException.class, () -> parse(env.formatted("1e-7", "null", "1.5")));
        assertThrows(EnvironmentFormatException.class, () -> parse("{\"format_version\": 1, \"environments\": []}"));
        assertThrows(EnvironmentFormatException.class, () -> parse("{not json"));
    }
}
