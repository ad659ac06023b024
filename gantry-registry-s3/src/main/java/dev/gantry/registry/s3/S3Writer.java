package dev.gantry.registry.s3;

import dev.gantry.registry.s3.MultipartState.Part;
import dev.gantry.registry.s3.MultipartState.Segment;
import dev.gantry.registry.storage.StorageWriter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Appends to one object through an S3 multipart upload that lives across writers: one writer per
 * PATCH request, on any node, continues the upload the last one left ({@link MultipartState},
 * kept beside the object). New bytes gather in one part-sized buffer behind the tail left by
 * earlier writers; once tail and buffer make a part, the tail's segments are read back (each
 * byte once) and the part is uploaded. Closing stores the buffer as one more tail segment and
 * saves the state: a small PATCH costs one segment PUT and one state PUT, never a copy of what
 * the upload holds. Commit completes the multipart upload (or PUTs the object when everything
 * fits one part), so the object at the key then holds every byte.
 *
 * <p>The state is the truth: parts and segments it does not list are ignored (a part number is
 * uploaded again, a stray segment goes with the upload's folder), so a writer that dies at any
 * point leaves the last saved state whole. A writer whose S3 request fails forgets what it took
 * in: its size drops back to where it opened, and closing it saves nothing.
 */
final class S3Writer implements StorageWriter {
    private final S3StorageDriver driver;
    private final String path;
    private final String key;
    private final int partSize;
    private final Runnable onClose;

    /** Bytes as of the last saved state (or completion). */
    private long stored;
    private long size;
    private long base;
    private long copyBase;
    private String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private final List<Segment> tail = new ArrayList<>();
    private long tailBytes;
    /** Segments made part of a part since the state was last saved; deleted once it is. */
    private final List<Segment> consumed = new ArrayList<>();
    /** New bytes are at {@code buffer[tailBytes, tailBytes + buffered)}; the tail is read in ahead of them when a part is made. */
    private byte[] buffer;
    private int buffered;
    /** Whether the state differs from the saved one. */
    private boolean dirty;
    private boolean failed;
    private boolean closed;
    /** Whether the object carries {@link S3StorageDriver#APPEND_FLAG}, which a saved state needs. */
    private boolean flagged;

    /**
     * A writer continuing {@code state}, or, when it is null, beginning an append to an object holding
     * {@code stored} bytes.
     */
    S3Writer(S3StorageDriver driver, String path, String key, long stored, MultipartState state, boolean flagged,
             int partSize, Runnable onClose) {
        this.flagged = flagged;
        this.driver = driver;
        this.path = path;
        this.key = key;
        this.partSize = partSize;
        this.onClose = onClose;
        if (state != null) {
            this.stored = state.size();
            this.base = state.base();
            this.copyBase = state.copyBase();
            this.uploadId = state.uploadId();
            this.parts.addAll(state.parts());
            this.tail.addAll(state.tail());
            this.tailBytes = state.tailBytes();
        } else {
            this.stored = stored;
            this.base = stored;
            if (stored >= S3Settings.MIN_PART_SIZE) {
                copyBase = stored;
            } else if (stored > 0) {
                tail.add(new Segment(MultipartState.BASE, stored));
                tailBytes = stored;
            }
        }
        this.size = this.stored;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (closed || failed) {
            throw new IOException("writer for " + path + (closed ? " is closed" : " failed earlier"));
        }
        if (!bytes.hasRemaining()) {
            return;
        }
        try {
            if (buffer == null) {
                buffer = new byte[(int) Math.max(partSize, tailBytes)];
            }
            while (bytes.hasRemaining()) {
                if (tailBytes + buffered >= partSize) {
                    uploadPart(); // a tail left by a larger part size than today's
                }
                int n = (int) Math.min(bytes.remaining(), partSize - tailBytes - buffered);
                bytes.get(buffer, (int) tailBytes + buffered, n);
                buffered += n;
                size += n;
                if (tailBytes + buffered == partSize) {
                    uploadPart();
                }
            }
        } catch (SdkException | IOException e) {
            fail();
            throw e instanceof SdkException s ? S3StorageDriver.failed("upload", path, s) : (IOException) e;
        }
    }

    /** Starts the multipart upload, copying a base of a part or more in as its first parts. */
    private void startUpload() {
        if (uploadId != null) {
            return;
        }
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(driver.bucket()).key(key);
        driver.newObject(create);
        uploadId = driver.client().createMultipartUpload(create.build()).uploadId();
        dirty = true;
        if (copyBase > 0) {
            for (CompletedPart copied : MultipartCopy.copyParts(driver, uploadId, key, key, copyBase, 1)) {
                parts.add(new Part(copied.partNumber(), -1, copied.eTag()));
            }
            // Copied parts are equal slices of the base; their sizes are only used for the sum.
            long each = copyBase / parts.size();
            for (int i = 0; i < parts.size(); i++) {
                long partBytes = i < parts.size() - 1 ? each : copyBase - each * (parts.size() - 1);
                parts.set(i, new Part(parts.get(i).number(), partBytes, parts.get(i).eTag()));
            }
            copyBase = 0;
        }
    }

    /** Uploads the tail (read back into the buffer's head) and the buffered bytes as the next part. */
    private void uploadPart() throws IOException {
        startUpload();
        int length = readTail() + buffered;
        int number = parts.isEmpty() ? 1 : parts.getLast().number() + 1;
        var uploaded = driver.client().uploadPart(u -> u.bucket(driver.bucket()).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) length), RequestBody.fromBytes(Arrays.copyOf(buffer, length)));
        parts.add(new Part(number, length, uploaded.eTag()));
        consumed.addAll(tail);
        tail.clear();
        tailBytes = 0;
        buffered = 0;
        dirty = true;
    }

    /** Reads the tail's bytes into the buffer's head; returns how many. */
    private int readTail() throws IOException {
        int at = 0;
        for (Segment segment : tail) {
            String source = segment.name().equals(MultipartState.BASE) ? key : driver.segmentKey(key, segment.name());
            String range = "bytes=0-" + (segment.size() - 1);
            try (InputStream in = driver.client().getObject(g -> g.bucket(driver.bucket()).key(source).range(range))) {
                int n = in.readNBytes(buffer, at, (int) segment.size());
                if (n != segment.size()) {
                    throw new IOException("S3 append of " + path + ": segment " + segment.name() + " holds " + n
                            + " bytes, not the " + segment.size() + " its state lists");
                }
                at += n;
            }
        }
        return at;
    }

    /** Saves what this writer took in: the buffer as a tail segment, then the state; then drops consumed segments. */
    private void save() throws IOException {
        try {
            if (buffered > 0) {
                String name = UUID.randomUUID().toString();
                byte[] bytes = Arrays.copyOfRange(buffer, (int) tailBytes, (int) tailBytes + buffered);
                driver.put(path, driver.segmentKey(key, name), RequestBody.fromBytes(bytes));
                tail.add(new Segment(name, buffered));
                tailBytes += buffered;
                buffered = 0;
                dirty = true;
            }
            if (dirty) {
                if (!flagged) {
                    driver.flagAppend(path, key, base);
                    flagged = true;
                }
                MultipartState state = new MultipartState(size, base, copyBase, uploadId, parts, tail);
                driver.put(path, driver.stateKey(key), RequestBody.fromBytes(state.toBytes()));
                dirty = false;
                stored = size;
            }
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
        for (Segment segment : consumed) {
            if (!segment.name().equals(MultipartState.BASE)) {
                driver.deleteQuietly(driver.segmentKey(key, segment.name()));
            }
        }
        consumed.clear();
    }

    /** Makes the object at the key hold every byte: completes the upload, or PUTs it when it fits one part. */
    private void complete() throws IOException {
        if (size == base && uploadId == null) {
            return; // nothing appended: the object already holds it all
        }
        try {
            if (uploadId == null && copyBase == 0) {
                if (buffer == null) {
                    buffer = new byte[(int) Math.max(partSize, tailBytes)];
                }
                int length = readTail() + buffered;
                driver.put(path, key, RequestBody.fromBytes(Arrays.copyOf(buffer, length)));
            } else {
                if (tailBytes + buffered > 0) {
                    if (buffer == null) {
                        buffer = new byte[(int) Math.max(partSize, tailBytes)];
                    }
                    uploadPart();
                } else {
                    startUpload();
                }
                List<CompletedPart> done = parts.stream()
                        .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.eTag()).build()).toList();
                driver.client().completeMultipartUpload(c -> c.bucket(driver.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done)));
            }
        } catch (SdkException e) {
            fail();
            throw S3StorageDriver.failed("upload", path, e);
        } catch (IOException | RuntimeException e) {
            fail();
            throw e;
        }
        // The object holds everything now; the state and its segments are leftovers.
        driver.deleteAppendFolder(path, key);
        flagged = false;
        stored = size;
        base = size;
        uploadId = null;
        parts.clear();
        tail.clear();
        consumed.clear();
        tailBytes = 0;
        buffered = 0;
        copyBase = 0;
        dirty = false;
        // Anything written after this begins a new append on the completed object.
        if (base >= S3Settings.MIN_PART_SIZE) {
            copyBase = base;
        } else if (base > 0) {
            tail.add(new Segment(MultipartState.BASE, base));
            tailBytes = base;
        }
        buffer = null;
    }

    /** Forgets everything since the last saved state: the request fails, and what was saved stays whole. */
    private void fail() {
        failed = true;
        size = stored;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void commit() throws IOException {
        if (closed || failed) {
            throw new IOException("writer for " + path + (closed ? " is closed" : " failed earlier"));
        }
        complete();
    }

    @Override
    public void cancel() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.deleteAppend(path, key);
        } finally {
            release();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!failed) {
                save();
            }
        } finally {
            release();
        }
    }

    private void release() {
        buffer = null;
        onClose.run();
    }
}
