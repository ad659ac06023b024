package dev.gantry.transport.daemon;

import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Descriptor;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.archive.DockerArchiveSource;
import dev.gantry.transport.files.TarTree;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image in the Docker daemon ({@code docker-daemon:NAME:TAG} or {@code docker-daemon:sha256:ID}),
 * read as {@code docker save} reads it: {@code GET /images/{name}/get} streams a docker-archive,
 * which is spooled to a temporary file (in {@code java.io.tmpdir}: bounded by that disk, never
 * held in memory) and read in place by the docker-archive reader, so every blob is verified as
 * for any archive. The file is deleted on close.
 */
public final class DaemonSource implements ImageSource {
    private final String name;
    private final Path spooled;
    private final DockerArchiveSource archive;

    /**
     * Asks the daemon for the image and spools its archive now; the image is then read from the file.
     *
     * @param host  the daemon
     * @param image the name the daemon knows the image by, {@code docker.io/library/busybox:latest} or {@code sha256:HEX}
     * @param name  how messages name the source, e.g. {@code docker-daemon:busybox:latest}
     * @throws DaemonException                          when the daemon cannot be reached, refuses, or stops sending half-way
     * @throws NotFoundException                        when it has no such image
     * @throws dev.gantry.error.InvalidInputException   when what it sent is not a docker-archive
     * @throws IOException                              when the temporary file cannot be written or read
     */
    public DaemonSource(DockerHost host, String image, String name) throws IOException {
        this.name = name;
        this.spooled = spool(new DaemonHttp(host), image, name);
        TarTree tree = null;
        try {
            tree = new TarTree(spooled);
            this.archive = new DockerArchiveSource(tree, name, null);
        } catch (IOException | RuntimeException e) {
            if (tree != null) {
                tree.close();
            }
            Files.deleteIfExists(spooled);
            throw e;
        }
    }

    private static Path spool(DaemonHttp http, String image, String name) throws IOException {
        String what = "GET /images/" + image + "/get";
        try (DaemonHttp.Response response = http.get("/images/" + image + "/get")) {
            if (response.status() != 200) {
                String said = DaemonAnswers.parse(response.readBody(DaemonAnswers.MAX_ANSWER_BYTES)).error();
                if (response.status() == 404) {
                    throw new NotFoundException(name + ": no such image in the Docker daemon at " + http.host()
                            + (said == null ? "" : " (" + said + ")"));
                }
                throw new DaemonException(http.host(), response.status(), name + ": the Docker daemon at " + http.host()
                        + " answered " + what + " with " + response.status() + (said == null ? "" : ": " + said), null);
            }
            Path file = Files.createTempFile("gantry-daemon-", ".tar");
            long copied = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[256 * 1024];
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        throw new DaemonException(http.host(), response.status(), name + ": the Docker daemon at " + http.host()
                                + " stopped sending the image after " + copied + " bytes: " + e.getMessage(), e);
                    }
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n); // a full disk is the disk's failure, not the daemon's
                    copied += n;
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public Descriptor root() throws IOException {
        return archive.root();
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return archive.openBlob(descriptor);
    }

    @Override
    public String locate(Descriptor descriptor) {
        return archive.locate(descriptor);
    }

    @Override
    public void close() throws IOException {
        try {
            archive.close();
        } finally {
            Files.deleteIfExists(spooled);
        }
    }
}
