package dev.gantry.testing;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Images for the analysis commands, made at test time by umoci and GNU tar.
 * {@link #wastefulLayout}: a three-layer OCI layout made by umoci (tag {@link Fixtures#TAG}) with known waste:
 * <ul>
 *   <li>layer 0 ("step one"): etc/hello.txt, etc/secret.env, opt/big.bin (300,000 bytes),
 *       opq/old1, opq/sub/old2, data/d/x;</li>
 *   <li>layer 1 ("step two", umoci's per-file whiteouts): deletes etc/secret.env and data/d,
 *       overwrites opt/big.bin with 200,000 other bytes, adds etc/new.txt;</li>
 *   <li>layer 2 ("opaque step", a GNU tar added with {@code umoci raw add-layer}): opq/ with an
 *       opaque marker and opq/new, hiding layer 0's opq/old1 and opq/sub.</li>
 * </ul>
 */
public final class AnalysisFixtures {
    public static final int BIG_FIRST = 300_000;
    public static final int BIG_SECOND = 200_000;
    public static final String SECRET = "TOKEN=abc123\n";

    private AnalysisFixtures() {
    }

    public static Path wastefulLayout(Path dir) {
        PeerTools.assumeInstalled("umoci", "tar");
        Path layout = dir.resolve("layout");
        Path bundle = dir.resolve("bundle");
        String image = layout + ":" + Fixtures.TAG;
        try {
            Fixtures.umoci(dir, "init", "--layout", layout.toString());
            Fixtures.umoci(dir, "new", "--image", image);
            Fixtures.umoci(dir, "unpack", "--image", image, bundle.toString());
            Path root = bundle.resolve("rootfs");
            write(root, "etc/hello.txt", "hello\n".getBytes());
            write(root, "etc/secret.env", SECRET.getBytes());
            write(root, "opt/big.bin", random(BIG_FIRST, 1));
            write(root, "opq/old1", "1".getBytes());
            write(root, "opq/sub/old2", "22".getBytes());
            write(root, "data/d/x", "x".getBytes());
            Fixtures.umoci(dir, "repack", "--refresh-bundle", "--history.created_by", "step one", "--image", image,
                    bundle.toString());
            Files.delete(root.resolve("etc/secret.env"));
            Files.delete(root.resolve("data/d/x"));
            Files.delete(root.resolve("data/d"));
            write(root, "opt/big.bin", random(BIG_SECOND, 2));
            write(root, "etc/new.txt", "new\n".getBytes());
            Fixtures.umoci(dir, "repack", "--history.created_by", "step two", "--image", image, bundle.toString());
            Path src = Files.createDirectories(dir.resolve("opaque-src/opq"));
            Files.write(src.resolve(".wh..wh..opq"), new byte[0]);
            write(src.getParent(), "opq/new", "n".getBytes());
            Path tar = dir.resolve("opaque.tar");
            PeerTools.run(dir, "tar", "-cf", tar.toString(), "-C", src.getParent().toString(), "opq");
            Fixtures.umoci(dir, "raw", "add-layer", "--history.created_by", "opaque step", "--image", image,
                    tar.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layout;
    }

    /**
     * A copy of {@code layout} ({@code dir/next}) with one more umoci layer ("step four":
     * etc/hello.txt rewritten as "hello world\n", etc/new.txt deleted, bin/tool added) and a
     * config with user 1000, workdir /srv, cmd /bin/tool, env FOO=bar, label version=2 and port 8080/tcp.
     */
    public static Path nextVersion(Path dir, Path layout) {
        Path next = dir.resolve("next");
        Path bundle = dir.resolve("next-bundle");
        String image = next + ":" + Fixtures.TAG;
        try {
            Fixtures.copyTree(layout, next);
            Fixtures.umoci(dir, "unpack", "--image", image, bundle.toString());
            Path root = bundle.resolve("rootfs");
            write(root, "etc/hello.txt", "hello world\n".getBytes());
            Files.delete(root.resolve("etc/new.txt"));
            write(root, "bin/tool", "#!/bin/sh\n".getBytes());
            Fixtures.umoci(dir, "repack", "--history.created_by", "step four", "--image", image, bundle.toString());
            Fixtures.umoci(dir, "config", "--image", image, "--config.user", "1000", "--config.workingdir", "/srv",
                    "--config.cmd", "/bin/tool", "--config.env", "FOO=bar", "--config.label", "version=2",
                    "--config.exposedports", "8080/tcp");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return next;
    }

    private static void write(Path root, String rel, byte[] content) throws IOException {
        Path file = root.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
