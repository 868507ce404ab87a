package io.radinfer.faults.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.radinfer.faults.campaign.CampaignDirectory;
import io.radinfer.faults.campaign.CampaignJson;
import io.radinfer.faults.campaign.CampaignManifest;
import io.radinfer.faults.campaign.InjectionResult;
import io.radinfer.faults.campaign.Outcome;
import io.radinfer.faults.campaign.ResultsFileException;
import io.radinfer.faults.campaign.ResultsWriter;
import io.radinfer.faults.environment.Environments;
import io.radinfer.faults.stats.WilsonInterval;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignReportTest {
    private static final int N = 2000;

    @TempDir
    Path dir;

    /**
     * A synthetic campaign whose SDC probability rises with the bit position (exponent bits of an f32 are the
     * dangerous ones), with some DUEs and corrections in layer 1 and a few crashes and hangs.
     */
    private CampaignDirectory writeCampaign() throws IOException {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve("campaign"));
        campaign.prepare(new CampaignManifest(1, "built-in", "golden-1234", 20, "weights", "bitflip", "all", "checksum",
                16, 42, N, null, null));
        SplittableRandom rng = new SplittableRandom(1);
        try (ResultsWriter w = ResultsWriter.open(campaign.results())) {
            for (int id = 0; id < N; id++) {
                int bit = rng.nextInt(32);
                int layer = rng.nextInt(5) - 1;
                double u = rng.nextDouble();
                double pSdc = bit >= 23 && bit <= 30 ? 0.4 : 0.02;
                Outcome o;
                if (u < pSdc) {
                    o = Outcome.SDC;
                } else if (u < pSdc + 0.01) {
                    o = Outcome.CRASH;
                } else if (u < pSdc + 0.012) {
                    o = Outcome.HANG;
                } else if (layer == 1 && u > 0.9) {
                    o = u > 0.97 ? Outcome.DETECTED_UNCORRECTABLE : Outcome.DETECTED_CORRECTED;
                } else {
                    o = Outcome.MASKED;
                }
                String target = id % 4 == 0 ? "scales" : "weights";
                w.accept(new InjectionResult(id, id * 31L, target, "blk." + layer + ".ffn_down.weight", layer,
                        "ffn_down", rng.nextInt(16), rng.nextInt(1000), bit, "bitflip", o,
                        o == Outcome.SDC ? 3 : null, o == Outcome.SDC ? 1.5 : null, 0, 0, 12.0, null));
            }
        }
        return campaign;
    }

    @Test
    void writesSummaryJsonWithTheIssueFieldsAndConsistentCounts() throws IOException {
        CampaignDirectory campaign = writeCampaign();
        CampaignSummary s = CampaignReport.write(campaign, 123.4, Environments.builtIn().byName("leo-550"),
                8L * 260_000);
        JsonNode json = CampaignJson.mapper().readTree(campaign.path().resolve(CampaignReport.SUMMARY_JSON).toFile());
        for (String field : new String[] {"injections", "masked", "sdc", "detected_corrected",
                "detected_uncorrectable", "crash", "hang", "sdc_rate", "sdc_ci95"}) {
            assertTrue(json.has(field), "summary.json lacks " + field + ": " + json);
        }
        assertEquals(N, json.get("injections").asLong());
        long sum = 0;
        for (Outcome o : Outcome.values()) {
            sum += json.get(o.jsonName()).asLong();
        }
        assertEquals(N, sum);
        long sdc = json.get("sdc").asLong();
        assertEquals((double) sdc / N, json.get("sdc_rate").asDouble(), 1e-12);
        assertEquals(WilsonInterval.of(sdc, N, 0.95).lower(), json.get("sdc_ci95").get(0).asDouble(), 1e-12);
        assertEquals(WilsonInterval.of(sdc, N, 0.95).upper(), json.get("sdc_ci95").get(1).asDouble(), 1e-12);
        assertEquals(123.4, json.get("injections_per_second").asDouble());
        assertEquals(N, json.get("by_target").get("weights").get("injections").asLong()
                + json.get("by_target").get("scales").get("injections").asLong());
        assertTrue(json.get("by_layer").has("none") && json.get("by_layer").has("3"), json.get("by_layer").toString());
        assertEquals(32, json.get("by_bit").size());
        assertEquals("leo-550", json.get("environment").get("environment").asText());
        assertEquals(s.overall().sdc(), sdc);
        assertEquals("golden-1234", json.get("campaign").get("golden_fingerprint").asText());
    }

    @Test
    void writesAHumanTableAndReadablePlots() throws IOException {
        CampaignDirectory campaign = writeCampaign();
        CampaignReport.write(campaign, null, null, 0);
        String md = Files.readString(campaign.path().resolve(CampaignReport.SUMMARY_MD));
        assertTrue(md.contains("| outcome | count | share | 95% CI |"), md);
        assertTrue(md.contains("## By layer") && md.contains("## By bit position"), md);
        assertTrue(!md.contains("Projection"), "no environment asked for");
        for (String png : new String[] {SummaryPlots.BY_TARGET, SummaryPlots.BY_LAYER, SummaryPlots.SDC_BY_BIT}) {
            BufferedImage image = ImageIO.read(campaign.path().resolve(png).toFile());
            assertNotNull(image, png);
            assertEquals(900, image.getWidth());
            assertEquals(520, image.getHeight());
        }
    }

    @Test
    void anEmptyCampaignIsATypedError() throws IOException {
        CampaignDirectory campaign = new CampaignDirectory(dir.resolve("empty"));
        campaign.prepare(new CampaignManifest(1, "built-in", "g", 1, "weights", "bitflip", "all", "none", 1, 1, 10,
                null, null));
        assertThrows(ResultsFileException.class, () -> CampaignReport.write(campaign, null, null, 0));
    }
}
