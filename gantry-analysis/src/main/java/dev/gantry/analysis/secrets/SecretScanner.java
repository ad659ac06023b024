package dev.gantry.analysis.secrets;

import dev.gantry.analysis.Shadowing;
import dev.gantry.analysis.walk.EntryKind;
import dev.gantry.analysis.walk.EntryVisitor;
import dev.gantry.analysis.walk.HostileEntry;
import dev.gantry.analysis.walk.ImageLayer;
import dev.gantry.analysis.walk.ImageVisitor;
import dev.gantry.analysis.walk.LayerEntry;
import dev.gantry.analysis.walk.LayerWalker;
import dev.gantry.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds secrets in every layer of an image, one streaming pass per layer, including files that
 * later layers delete or replace: those are reported as {@link SecretFinding.Status#HIDDEN},
 * since anyone who pulls the image can still extract them from their own layer. Then the
 * config's env, labels and history. Memory holds one file's first {@code maxFileBytes} at a
 * time and the findings.
 */
public final class SecretScanner {
    /** Default bytes read from each file: config files, keys and .env files are far smaller. */
    public static final int DEFAULT_MAX_FILE_BYTES = 1 << 20;

    private final FileScanner files;
    private final AllowList allow;
    private final LayerWalker walker;

    /**
     * A scanner with its rules, allow-list, byte cap and walker.
     *
     * @param rules        the rules to apply
     * @param allow        findings to leave out (counted in the report)
     * @param maxFileBytes how much of each text file is scanned; see {@link #DEFAULT_MAX_FILE_BYTES}
     * @param walker       the walker, with its expansion limits
     */
    public SecretScanner(SecretRules rules, AllowList allow, int maxFileBytes, LayerWalker walker) {
        this.files = new FileScanner(rules, maxFileBytes);
        this.allow = allow;
        this.walker = walker;
    }

    /**
     * Scans every layer of the image, then its config's env, labels and history. Entries with hostile names are
     * listed, not fatal.
     *
     * @param image the image; each layer is streamed once
     * @param name  names the image in the report
     * @return the findings and what was passed over
     * @throws dev.gantry.error.DigestMismatchException when a layer's bytes do not match its digest or size
     * @throws dev.gantry.error.LimitExceededException  when a layer expands past its budget
     * @throws IOException when a layer cannot be read or is not a tar
     */
    public SecretReport scan(Image image, String name) throws IOException {
        Scan scan = new Scan();
        walker.walk(image, scan);
        for (SecretFinding f : new ConfigScanner(files).scan(image.config())) {
            scan.keep(f);
        }
        return new SecretReport(name, List.copyOf(scan.findings), image.layers().size(), scan.scanned, scan.truncated,
                scan.binary, scan.allowed, List.copyOf(scan.hostile));
    }

    /** The state of one scan: findings so far, and which of them later layers may still hide. */
    private final class Scan implements ImageVisitor {
        final List<SecretFinding> findings = new ArrayList<>();
        final Shadowing<Integer> shadowing = new Shadowing<>();
        final List<String> hostile = new ArrayList<>();
        long scanned;
        long truncated;
        long binary;
        long allowed;

        @Override
        public EntryVisitor startLayer(ImageLayer layer) throws IOException {
            String digest = layer.layer().digest().toString();
            return new EntryVisitor() {
                @Override
                public void entry(LayerEntry entry, InputStream content) throws IOException {
                    for (Shadowing.Item<Integer> hidden : shadowing.touch(layer.index(), entry.path(), Shadowing.Touch.of(entry.kind()))) {
                        findings.set(hidden.value(), findings.get(hidden.value()).hiddenBy(layer.index()));
                    }
                    if (entry.kind() == EntryKind.FILE) {
                        scanFile(layer.index(), digest, entry, content);
                    }
                }

                @Override
                public void hostile(HostileEntry entry) {
                    hostile.add(entry.describe());
                }
            };
        }

        void scanFile(int layer, String digest, LayerEntry entry, InputStream content) throws IOException {
            FileScanner.Result result = files.scan(entry.path(), entry.size(), content);
            scanned++;
            truncated += result.truncated() ? 1 : 0;
            binary += result.binary() ? 1 : 0;
            for (SecretMatch m : result.matches()) {
                if (keep(SecretFinding.of(m, layer, digest, entry.path(), SecretFinding.Status.VISIBLE))) {
                    shadowing.add(layer, entry.path(), findings.size() - 1);
                }
            }
        }

        boolean keep(SecretFinding f) {
            if (allow.allows(f)) {
                allowed++;
                return false;
            }
            findings.add(f);
            return true;
        }
    }
}
