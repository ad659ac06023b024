package dev.gantry.registry.s3;

import dev.gantry.registry.storage.StorageWriter;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to one object through an S3 multipart upload. Bytes gather in one part-sized buffer;
 * each full buffer is uploaded as a part. The upload begins with the object's existing bytes: a
 * server-side copy when they are a valid part (at least 5 MiB), else read into the buffer ahead of
 * the new bytes (less than one part, so memory stays bounded). Commit and close complete the upload
 * (or PUT the buffer when everything fits in it), so the object at the key always holds exactly
 * the bytes acknowledged so far, and the next writer, on this node or another, starts from it. A
 * failed completion aborts the upload: the object keeps its last committed content.
 */
final class S3Writer implements StorageWriter {
    private final S3StorageDriver driver;
    private final String path;
    private final String key;
    private final int partSize;
    private final Runnable onClose;

    /** Bytes in the object at the key, as of the last completion. */
    private long stored;
    /** Bytes the object will hold once this writer completes. */
    private long size;
    /** Bytes written since the last completion; none means there is nothing to complete. */
    private long pending;
    /** Whether the stored bytes have been taken into the current upload (copied or buffered). */
    private boolean seeded;
    private byte[] buffer;
    private int buffered;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean closed;

    S3Writer(S3StorageDriver driver, String path, String key, long stored, int partSize, Runnable onClose) {
        this.driver = driver;
        this.path = path;
        this.key = key;
        this.stored = stored;
        this.size = stored;
        this.partSize = partSize;
        this.onClose = onClose;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (closed) {
            throw new IOException("writer for " + path + " is closed");
        }
        if (!bytes.hasRemaining()) {
            return;
        }
        try {
            seed();
            while (bytes.hasRemaining()) {
                int n = Math.min(bytes.remaining(), partSize - buffered);
                bytes.get(buffer, buffered, n);
                buffered += n;
                size += n;
                pending += n;
                if (buffered == partSize) {
                    uploadBuffer();
                }
            }
        } catch (SdkException e) {
            abort(e);
            throw S3StorageDriver.failed("upload", path, e);
        }
    }

    /** Takes the stored bytes into a new upload: small ones into the buffer, part-sized ones are copied at the upload's start. */
    private void seed() throws IOException {
        if (seeded) {
            return;
        }
        if (buffer == null) {
            buffer = new byte[partSize];
        }
        if (stored > 0 && stored < S3Settings.MIN_PART_SIZE) {
            try (ResponseInputStream<GetObjectResponse> in = driver.client().getObject(g -> g.bucket(driver.bucket()).key(key))) {
                int n = in.readNBytes(buffer, 0, (int) stored);
                if (n != stored) {
                    throw new IOException(path + " holds " + n + " bytes, not the " + stored + " it held when the writer opened");
                }
            }
            buffered = (int) stored;
        }
        seeded = true;
    }

    private void startUpload() {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(driver.bucket()).key(key);
        driver.newObject(create);
        uploadId = driver.client().createMultipartUpload(create.build()).uploadId();
        if (stored >= S3Settings.MIN_PART_SIZE) {
            parts.addAll(MultipartCopy.copyParts(driver, uploadId, key, key, stored, 1));
        }
    }

    private void uploadBuffer() {
        if (uploadId == null) {
            startUpload();
        }
        int number = parts.size() + 1;
        var uploaded = driver.client().uploadPart(u -> u.bucket(driver.bucket()).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) buffered), RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered)));
        parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag()).build());
        buffered = 0;
    }

    /** Makes the object at the key hold everything written so far. */
    private void complete() throws IOException {
        if (pending == 0) {
            return;
        }
        try {
            if (uploadId == null && stored >= S3Settings.MIN_PART_SIZE) {
                startUpload();
            }
            if (uploadId == null) {
                driver.put(path, key, RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, buffered)));
            } else {
                if (buffered > 0) {
                    uploadBuffer();
                }
                List<CompletedPart> done = List.copyOf(parts);
                driver.client().completeMultipartUpload(c -> c.bucket(driver.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done)));
            }
        } catch (SdkException e) {
            abort(e);
            throw S3StorageDriver.failed("upload", path, e);
        }
        reset(size);
    }

    /** Gives up the upload in progress, keeping the object's last completed content. */
    private void abort(Exception failure) {
        if (uploadId != null) {
            MultipartCopy.abortQuietly(driver, key, uploadId, failure);
        }
        reset(stored);
    }

    private void reset(long storedNow) {
        stored = storedNow;
        size = storedNow;
        pending = 0;
        seeded = false;
        buffered = 0;
        uploadId = null;
        parts.clear();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void commit() throws IOException {
        if (closed) {
            throw new IOException("writer for " + path + " is closed");
        }
        complete();
    }

    @Override
    public void cancel() throws IOException {
        if (closed) {
            return;
        }
        try {
            abort(new IOException("cancelled"));
            driver.client().deleteObject(d -> d.bucket(driver.bucket()).key(key));
        } catch (SdkException e) {
            throw S3StorageDriver.failed("DELETE", path, e);
        } finally {
            closed = true;
            buffer = null;
            onClose.run();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            complete();
        } finally {
            buffer = null;
            onClose.run();
        }
    }
}
