package dev.gantry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI layout built by umoci one layer at a time, for tests that need particular content in
 * particular layers: each {@link #layer} edits the unpacked rootfs and repacks it, so deletions
 * become umoci's real {@code .wh.} whiteouts. The image is tagged {@link Fixtures#TAG}.
 * <pre>
 * Path layout = UmociImage.create(dir)
 *         .layer(root -> Files.writeString(root.resolve("a"), "x"))
 *         .layer(root -> Files.delete(root.resolve("a")))
 *         .config("--config.env", "K=V")
 *         .layout();
 * </pre>
 */
public final class UmociImage {
    /** Changes the rootfs for the next layer; may throw. */
    @FunctionalInterface
    public interface Edit {
        void apply(Path rootfs) throws IOException;
    }

    private final Path dir;
    private final Path layout;
    private final Path bundle;

    private UmociImage(Path dir) {
        this.dir = dir;
        this.layout = dir.resolve("layout");
        this.bundle = dir.resolve("bundle");
    }

    /** umoci init + new + unpack into {@code dir/layout} and {@code dir/bundle} ({@code dir} is created). */
    public static UmociImage create(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UmociImage image = new UmociImage(dir);
        Fixtures.umoci(dir, "init", "--layout", image.layout.toString());
        Fixtures.umoci(dir, "new", "--image", image.image());
        Fixtures.umoci(dir, "unpack", "--image", image.image(), image.bundle.toString());
        return image;
    }

    /** Applies the edit to the rootfs and repacks it as one new layer. */
    public UmociImage layer(Edit edit) {
        try {
            edit.apply(rootfs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --refresh-bundle: the next repack diffs against this one, giving one layer per call
        Fixtures.umoci(dir, "repack", "--refresh-bundle", "--image", image(), bundle.toString());
        return this;
    }

    /**
     * Appends a layer tarred by GNU tar from {@code dir/tree} after {@code write} fills it, with
     * {@code umoci raw add-layer}: for entries umoci's repack never writes, such as an opaque
     * marker {@code .wh..wh..opq}. Call it after the last {@link #layer}: the bundle does not see it.
     */
    public UmociImage rawLayer(Edit write) {
        PeerTools.assumeInstalled("tar");
        try {
            Path tree = java.nio.file.Files.createDirectories(dir.resolve("raw-" + System.nanoTime()));
            write.apply(tree);
            Path tar = dir.resolve(tree.getFileName() + ".tar");
            PeerTools.run(dir, "tar", "-cf", tar.toString(), "-C", tree.toString(), ".");
            Fixtures.umoci(dir, "raw", "add-layer", "--image", image(), tar.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code umoci config --image LAYOUT:t ARGS...}, e.g. {@code "--config.label", "k=v"}. */
    public UmociImage config(String... args) {
        List<String> command = new ArrayList<>(List.of("config", "--image", image()));
        command.addAll(List.of(args));
        Fixtures.umoci(dir, command.toArray(String[]::new));
        return this;
    }

    public Path rootfs() {
        return bundle.resolve("rootfs");
    }

    /** The layout directory. */
    public Path layout() {
        return layout;
    }

    /** {@code oci:LAYOUT:t}, as Gantry's commands take it. */
    public String ref() {
        return "oci:" + layout + ":" + Fixtures.TAG;
    }

    private String image() {
        return layout + ":" + Fixtures.TAG;
    }
}
