package dev.gantry.transport.daemon;

import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.ref.Reference;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.ManifestFormat;
import dev.gantry.transport.archive.DockerArchiveTarget;
import dev.gantry.transport.files.TarTreeWriter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Loads an image into the Docker daemon ({@code docker-daemon:NAME:TAG}) as {@code docker load}
 * does: {@code POST /images/load} with a docker-archive as its body. The archive is the one
 * {@code docker-archive:} writes, streamed into the request (chunked) as the copy writes it, so
 * nothing is spooled: blobs flow from the source through verification into the socket. Only a
 * committed target ends the body; a failed copy cuts the connection, and the daemon, seeing a
 * body that never ended, loads nothing.
 */
public final class DaemonTarget implements ImageTarget {
    private final DaemonHttp http;
    private final String name;
    private final DaemonHttp.Upload upload;
    private final SendRecorder sent;
    private final DockerArchiveTarget archive;
    private List<String> loaded = List.of();

    /**
     * Connects to the daemon and starts the load request; the archive's bytes follow as the copy writes them.
     *
     * @param host      the daemon
     * @param reference the name and tag the image gets in the daemon (RepoTags)
     * @param name      how messages name the target, e.g. {@code docker-daemon:busybox:latest}
     * @param format    the manifest format stored in the archive (ANY keeps the source's; the daemon reads manifest.json)
     * @throws InvalidInputException when {@code reference} has no tag or has a digest: the daemon tags what it loads
     * @throws DaemonException       when the daemon cannot be reached
     * @throws IOException           when the request cannot be started
     */
    public DaemonTarget(DockerHost host, Reference reference, String name, ManifestFormat format) throws IOException {
        if (reference.digest() != null || reference.tagOrDefault() == null) {
            throw new InvalidInputException(name + ": an image loaded into the daemon needs NAME:TAG, not a digest");
        }
        this.http = new DaemonHttp(host);
        this.name = name;
        // Without application/x-tar, Go's servers read the body as a form and find nothing there.
        this.upload = http.post("/images/load?quiet=1", "application/x-tar");
        this.sent = new SendRecorder(upload.body());
        this.archive = DockerArchiveTarget.over(TarTreeWriter.streaming(sent, name), name, reference, format);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public ManifestFormat preferredFormat() {
        return archive.preferredFormat();
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        return archive.hasBlob(descriptor);
    }

    @Override
    public void putBlob(Descriptor descriptor, InputStream content) throws IOException {
        try {
            archive.putBlob(descriptor, content);
        } catch (IOException e) {
            throw daemonFailure(e);
        }
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] raw) throws IOException {
        try {
            archive.putManifest(descriptor, raw);
        } catch (IOException e) {
            throw daemonFailure(e);
        }
    }

    @Override
    public void setRoot(Descriptor descriptor) {
        archive.setRoot(descriptor);
    }

    /** Ends the archive and the request, then reads the daemon's answer: only a load it reports as done counts. */
    @Override
    public void commit() throws IOException {
        DaemonAnswers answers;
        int status;
        try {
            archive.commit();
        } catch (IOException e) {
            throw daemonFailure(e);
        }
        try (DaemonHttp.Response response = upload.finish()) {
            status = response.status();
            answers = DaemonAnswers.parse(response.readBody(DaemonAnswers.MAX_ANSWER_BYTES));
        } catch (IOException e) {
            // Everything from here on is the socket's: the last chunk, then the answer.
            sent.failed(e);
            throw daemonFailure(e);
        }
        if (status != 200 || answers.error() != null) {
            throw refused(status, answers);
        }
        loaded = answers.messages();
    }

    /** {@return what the daemon said about the load once committed, e.g. {@code Loaded image: docker.io/library/busybox:latest}} */
    public List<String> loaded() {
        return loaded;
    }

    /**
     * An I/O failure while sending: when the socket write failed, the daemon hung up, perhaps
     * after saying why (a refusal before reading the whole body); its words beat "Broken pipe".
     * Failures reading the source stay as they are.
     */
    private IOException daemonFailure(IOException e) {
        if (sent.failure == null) {
            return e;
        }
        DaemonHttp.Response early = upload.answerSoFar();
        if (early != null) {
            try (early) {
                DaemonException refused = refused(early.status(), DaemonAnswers.parse(early.readBody(DaemonAnswers.MAX_ANSWER_BYTES)));
                refused.addSuppressed(e);
                throw refused;
            } catch (IOException ignored) {
                // Its answer could not be read either; report the send failure.
            }
        }
        throw new DaemonException(http.host(), 0, name + ": the Docker daemon at " + http.host()
                + " closed the connection while the image was being sent: " + e.getMessage(), e);
    }

    private DaemonException refused(int status, DaemonAnswers answers) {
        String said = answers.error() != null ? answers.error() : "no reason given";
        return new DaemonException(http.host(), status, name + ": the Docker daemon at " + http.host() + " did not load the image ("
                + status + "): " + said, null);
    }

    @Override
    public void close() throws IOException {
        try {
            archive.close();
        } finally {
            upload.close();
        }
    }

    /** Remembers the first failed write to the socket, so a send failure is told from a source's. */
    private static final class SendRecorder extends FilterOutputStream {
        private volatile IOException failure;

        SendRecorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }

        synchronized void failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }
    }
}
