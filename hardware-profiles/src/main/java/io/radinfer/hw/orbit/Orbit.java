package io.radinfer.hw.orbit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A circular orbit as a power and radiation cycle: its period, the eclipse it spends in Earth's shadow,
 * and a South Atlantic Anomaly pass.
 *
 * <ul>
 * <li>Period: {@code T = 2 pi sqrt(a^3 / mu)}, {@code a = R_E + h}, {@code mu = 398600.4418 km^3/s^2},
 *     {@code R_E = 6378.137 km} (94.6 min at 500 km).</li>
 * <li>Eclipse fraction (cylindrical shadow): {@code f = (1/180 deg) arccos(sqrt(h^2 + 2 R_E h) / ((R_E + h)
 *     cos beta))} for {@code |beta| < arcsin(R_E / (R_E + h))}, else 0 (35.8 min at 500 km, beta 0).</li>
 * <li>Phase: an orbit starts when the spacecraft leaves eclipse; it is sunlit for {@code (1 - f) T}, then in
 *     eclipse until the orbit ends.</li>
 * <li>SAA (a simplification): orbits below 2000 km inclined at least 10 degrees cross the anomaly; real
 *     passes of 5-15 min come on about 6 consecutive orbits of the ~15 a day, at varying phase. Here every
 *     orbit has one pass of {@code saaPassS} seconds starting at 45% of the orbit, in sunlight — more SAA
 *     time than real (conservative for protection time), and without the SAA/eclipse overlap real passes
 *     sometimes have. Inside it the radiation level is {@code saaFluxFactor} times the background.</li>
 * </ul>
 * <pre>{@code
 * Orbit leo = Orbit.builtIn("leo-550");
 * System.out.printf("%.1f min period, %.1f min eclipse%n", leo.periodS() / 60, leo.eclipseS() / 60);
 * OrbitState s = leo.at(4000);   // sunlit? in the SAA? how long until eclipse?
 * }</pre>
 *
 * @param name what to call it
 * @param altitudeKm altitude above the equatorial radius
 * @param inclinationDeg inclination
 * @param betaDeg angle between the orbit plane and the Sun direction
 * @param saaPassS length of the SAA pass per orbit (ignored if the orbit does not cross the anomaly)
 * @param saaFluxFactor radiation level inside the anomaly relative to the background
 */
public record Orbit(String name, double altitudeKm, double inclinationDeg, double betaDeg, double saaPassS,
        double saaFluxFactor) {

    /** Earth's gravitational parameter, km^3/s^2. */
    public static final double MU_KM3_PER_S2 = 398600.4418;
    /** Earth's equatorial radius, km. */
    public static final double EARTH_RADIUS_KM = 6378.137;
    /** The orbit used when none is named. */
    public static final String DEFAULT = "leo-550";

    /** SAA phase: the pass starts at this fraction of the orbit. */
    private static final double SAA_START_FRACTION = 0.45;
    /*
     * ~10 min: a typical SAA transit at 400-800 km. 30x: an estimate of the flux ratio (most LEO upsets are
     * counted in the anomaly, e.g. Alsat-1's SRAM upsets in HARDWARE-NOTES.md, while it is a few percent of
     * the time); informative only, the governor acts on the in-SAA flag.
     */
    private static final double DEFAULT_SAA_PASS_S = 600;
    private static final double DEFAULT_SAA_FLUX = 30;

    private static final Map<String, Orbit> BUILT_IN = builtIns();

    public Orbit {
        Objects.requireNonNull(name, "name");
        if (!(altitudeKm > 80) || !Double.isFinite(altitudeKm)) {
            throw new IllegalArgumentException("orbit altitude must be above 80 km, got " + altitudeKm);
        }
        if (!(Math.abs(betaDeg) <= 90) || !(inclinationDeg >= 0 && inclinationDeg <= 180)) {
            throw new IllegalArgumentException("beta must be in [-90, 90] and inclination in [0, 180] degrees, got "
                    + betaDeg + ", " + inclinationDeg);
        }
        if (!(saaPassS >= 0) || !(saaFluxFactor >= 1)) {
            throw new IllegalArgumentException("SAA pass must be >= 0 s and its flux factor >= 1, got " + saaPassS
                    + ", " + saaFluxFactor);
        }
    }

    /** A circular orbit with the default SAA pass (10 min, 30x background). */
    public static Orbit circular(String name, double altitudeKm, double inclinationDeg, double betaDeg) {
        return new Orbit(name, altitudeKm, inclinationDeg, betaDeg, DEFAULT_SAA_PASS_S, DEFAULT_SAA_FLUX);
    }

    /**
     * The built-in orbits: {@code leo-400} (ISS-like, 51.6 deg), {@code leo-550} (53 deg), {@code sso-600}
     * (sun-synchronous, 97.8 deg, beta 25 deg as for a mid-morning node), {@code geo}; the LEO ones at
     * beta 0 have the longest eclipse, the worst case for power.
     */
    public static Orbit builtIn(String name) {
        Orbit o = BUILT_IN.get(name);
        if (o == null) {
            throw new IllegalArgumentException("unknown orbit '" + name + "'; choose one of " + names());
        }
        return o;
    }

    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    private static Map<String, Orbit> builtIns() {
        Map<String, Orbit> m = new LinkedHashMap<>();
        m.put("leo-400", circular("leo-400", 400, 51.6, 0));
        m.put("leo-550", circular("leo-550", 550, 53, 0));
        m.put("sso-600", circular("sso-600", 600, 97.8, 25));
        m.put("geo", circular("geo", 35786, 0, 0));
        return m;
    }

    /** Orbital period in seconds. */
    public double periodS() {
        double a = EARTH_RADIUS_KM + altitudeKm;
        return 2 * Math.PI * Math.sqrt(a * a * a / MU_KM3_PER_S2);
    }

    /** The fraction of each orbit spent in eclipse. */
    public double eclipseFraction() {
        double r = EARTH_RADIUS_KM + altitudeKm;
        double beta = Math.toRadians(Math.abs(betaDeg));
        double betaStar = Math.asin(EARTH_RADIUS_KM / r);
        if (beta >= betaStar) {
            return 0;
        }
        double h = altitudeKm;
        double x = Math.sqrt(h * h + 2 * EARTH_RADIUS_KM * h) / (r * Math.cos(beta));
        return Math.toDegrees(Math.acos(Math.min(1, x))) / 180.0;
    }

    public double eclipseS() {
        return eclipseFraction() * periodS();
    }

    public double sunlitS() {
        return periodS() - eclipseS();
    }

    /** Whether the orbit crosses the South Atlantic Anomaly (low and inclined). */
    public boolean crossesSaa() {
        return altitudeKm < 2000 && inclinationDeg >= 10 && saaPassS > 0;
    }

    /** The orbit state {@code t} seconds after the start (the start is the exit from an eclipse). */
    public OrbitState at(double t) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("orbit time must be >= 0, got " + t);
        }
        double period = periodS();
        long n = (long) Math.floor(t / period);
        double phase = t - n * period;
        double sunlitFor = sunlitS();
        boolean sunlit = phase < sunlitFor || eclipseS() == 0;
        double saaStart = SAA_START_FRACTION * period;
        boolean inSaa = crossesSaa() && phase >= saaStart && phase < saaStart + saaPassS;
        double toEclipse = eclipseS() == 0 ? Double.POSITIVE_INFINITY : (sunlit ? sunlitFor - phase : 0);
        double toSun = sunlit ? 0 : period - phase;
        return new OrbitState(n, phase, sunlit, inSaa, toEclipse, toSun, inSaa ? saaFluxFactor : 1);
    }
}
