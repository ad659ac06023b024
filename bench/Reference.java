import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Single-thread JDK reference speeds for bench/validate.sh, measured on the very files Gantry
 * validates. bench/validate.sh compiles it once with javac; by hand, the JDK's single-file
 * launcher runs it as it is:
 *
 * <pre>java bench/Reference.java MODE RUNS FILE...</pre>
 *
 * Modes (all single-threaded, files one after another):
 * <ul>
 *   <li>{@code sha256}: MessageDigest SHA-256 over each file, 1 MiB reads. Counts stored bytes.
 *       A file named by 64 hex digits (an OCI blob) is also checked against its name.</li>
 *   <li>{@code inflate}: GZIPInputStream (64 KiB buffer) over each gzip file, 64 KiB reads,
 *       output discarded. Counts uncompressed bytes.</li>
 *   <li>{@code inflate-sha}: what full validation does for one gzip layer on one thread:
 *       SHA-256 of the stored bytes, inflate, SHA-256 of the tar. Counts uncompressed bytes.</li>
 * </ul>
 * An untimed warm-up lets the JIT compile SHA-256 first. Prints, for the median run, one line:
 * {@code RESULT mode=M files=N bytes=B seconds=S mbps=X runs=s1,s2,...}; MB = 10^6 bytes.
 */
public class Reference {
    private static final int MIB = 1 << 20;
    private static final int KIB64 = 1 << 16;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java Reference.java sha256|inflate|inflate-sha RUNS FILE...");
            System.exit(2);
        }
        String mode = args[0];
        int runs = Integer.parseInt(args[1]);
        List<Path> files = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            Path p = Path.of(args[i]);
            if (!Files.isRegularFile(p)) {
                System.err.println("Reference: not a file: " + p);
                System.exit(2);
            }
            files.add(p);
        }
        warmUp();
        double[] seconds = new double[runs];
        long bytes = -1;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            long n = switch (mode) {
                case "sha256" -> sha256(files, r == 0);
                case "inflate" -> inflate(files);
                case "inflate-sha" -> inflateSha(files, r == 0);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (bytes >= 0 && bytes != n) {
                throw new IllegalStateException("byte count changed between runs: " + bytes + " vs " + n);
            }
            bytes = n;
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        StringBuilder all = new StringBuilder();
        for (double s : seconds) {
            all.append(all.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.3f", s));
        }
        System.out.printf(Locale.ROOT, "RESULT mode=%s files=%d bytes=%d seconds=%.4f mbps=%.1f runs=%s%n",
                mode, files.size(), bytes, median, bytes / median / 1e6, all);
    }

    /**
     * Lets the JIT compile the SHA-256 intrinsic path before timing, so a single timed run
     * measures the JDK's steady-state speed (about 0.1 s, untimed).
     */
    private static void warmUp() throws Exception {
        byte[] buf = new byte[MIB];
        Arrays.fill(buf, (byte) 7);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 128; i++) {
            md.update(buf, 0, buf.length);
        }
        if (md.digest()[0] == 42) {
            System.out.print("");
        }
    }

    private static long sha256(List<Path> files, boolean check) throws Exception {
        byte[] buf = new byte[MIB];
        long total = 0;
        for (Path f : files) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new FileInputStream(f.toFile())) {
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    md.update(buf, 0, n);
                    total += n;
                }
            }
            String hex = HexFormat.of().formatHex(md.digest());
            String name = f.getFileName().toString();
            if (check && name.matches("[0-9a-f]{64}") && !name.equals(hex)) {
                throw new IllegalStateException(f + " hashes to sha256:" + hex + ", not its name");
            }
        }
        return total;
    }

    private static long inflate(List<Path> files) throws IOException {
        byte[] buf = new byte[KIB64];
        long total = 0;
        for (Path f : files) {
            try (InputStream in = new GZIPInputStream(new FileInputStream(f.toFile()), KIB64)) {
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    total += n;
                }
            }
        }
        return total;
    }

    private static long inflateSha(List<Path> files, boolean print) throws Exception {
        byte[] buf = new byte[KIB64];
        long total = 0;
        for (Path f : files) {
            MessageDigest stored = MessageDigest.getInstance("SHA-256");
            MessageDigest tar = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new GZIPInputStream(
                    new DigestInputStream(new FileInputStream(f.toFile()), stored), KIB64)) {
                int n;
                while ((n = in.read(buf, 0, buf.length)) >= 0) {
                    tar.update(buf, 0, n);
                    total += n;
                }
            }
            if (print) {
                System.out.println("DIFFID " + f.getFileName() + " sha256:" + HexFormat.of().formatHex(tar.digest()));
            }
        }
        return total;
    }
}
