package io.radinfer.faults.campaign;

import java.time.Duration;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Progress of a campaign: a bar with rate and ETA on an interactive terminal, nothing in CI or when output is
 * redirected (where a bar's carriage returns only clutter the log).
 */
public interface ProgressDisplay extends AutoCloseable {

    /** One more injection finished with {@code outcome}. */
    void step(Outcome outcome);

    /** Stops drawing. */
    @Override
    void close();

    /** A display that shows nothing. */
    static ProgressDisplay quiet() {
        return new ProgressDisplay() {
            @Override
            public void step(Outcome outcome) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Whether a bar should be drawn: there is a console ({@code System.console() != null}) and the {@code CI}
     * environment variable is not set (GitHub Actions, GitLab CI and most others set it).
     */
    static boolean interactive(boolean hasConsole, Map<String, String> environment) {
        return hasConsole && environment.get("CI") == null;
    }

    /**
     * A bar when {@link #interactive} says so for this process, else {@link #quiet()}.
     *
     * @param total injections this run will do
     * @param alreadyDone injections done before (a resume), shown as the bar's starting point
     */
    static ProgressDisplay forThisProcess(long total, long alreadyDone) {
        if (!interactive(System.console() != null, System.getenv())) {
            return quiet();
        }
        return bar(total, alreadyDone, null);
    }

    /**
     * A bar with injection rate, ETA and running counts of SDCs, DUEs, crashes and hangs.
     *
     * @param consumer where the bar is drawn, or null for the terminal
     */
    static ProgressDisplay bar(long total, long alreadyDone, ProgressBarConsumer consumer) {
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("campaign")
                .setInitialMax(total + alreadyDone)
                .setUnit(" inj", 1)
                .showSpeed()
                .setUpdateIntervalMillis(500)
                .startsFrom(alreadyDone, Duration.ZERO);
        if (consumer != null) {
            builder.setConsumer(consumer);
        }
        ProgressBar bar = builder.build();
        return new ProgressDisplay() {
            private long sdc;
            private long due;
            private long crash;
            private long hang;

            @Override
            public void step(Outcome outcome) {
                switch (outcome) {
                    case SDC -> sdc++;
                    case DETECTED_UNCORRECTABLE -> due++;
                    case CRASH -> crash++;
                    case HANG -> hang++;
                    default -> {
                    }
                }
                bar.setExtraMessage(" sdc " + sdc + " due " + due + " crash " + crash + " hang " + hang);
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
