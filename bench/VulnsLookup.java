import dev.gantry.vulns.db.AdvisoryDb;

import java.nio.file.Path;

/**
 * Lookup cost of the advisory database: opens DB, then looks up pkg0..pkgN-1 in Debian:12
 * ROUNDS times (the first round warms up) and prints the open time (cold and again) and the time per lookup.
 * Run by bench/vulns.sh: java -cp CLASSPATH bench/VulnsLookup.java DB N ROUNDS
 */
public class VulnsLookup {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int packages = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long t0 = System.nanoTime();
        try (AdvisoryDb first = AdvisoryDb.open(db)) {
            // the first open pays for class loading and Jackson's start-up (which a scan has paid already)
        }
        long cold = System.nanoTime() - t0;
        long t1 = System.nanoTime();
        try (AdvisoryDb open = AdvisoryDb.open(db)) {
            long opened = System.nanoTime() - t1;
            long records = 0;
            long best = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                for (int p = 0; p < packages; p++) {
                    records += open.lookup("Debian:12", "pkg" + p).size();
                }
                if (r > 0) {
                    best = Math.min(best, System.nanoTime() - start);
                }
            }
            System.out.printf("open %.1f ms (first, cold: %.1f ms); lookup %.1f us per package (best round of %d, %d records read)%n",
                    opened / 1e6, cold / 1e6, best / 1e3 / packages, rounds - 1, records);
        }
    }
}
