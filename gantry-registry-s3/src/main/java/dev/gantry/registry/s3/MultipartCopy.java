package dev.gantry.registry.s3;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side copies into multipart uploads: an object larger than one CopyObject takes (5 GiB)
 * moved, and the existing part of an object a writer appends to. The source is cut into equal
 * ranges of at most 5 GiB, so every range is at least 5 MiB whenever the source is, as S3 wants
 * of every part but the last.
 */
final class MultipartCopy {
    private MultipartCopy() {
    }

    /**
     * Copies {@code size} bytes of {@code sourceKey} as the next parts of an upload.
     *
     * @return the parts made, numbered from {@code firstPart}
     */
    static List<CompletedPart> copyParts(S3StorageDriver driver, String uploadId, String targetKey, String sourceKey,
                                         long size, int firstPart) {
        List<CompletedPart> parts = new ArrayList<>();
        long count = Math.max(1, (size + S3StorageDriver.MAX_COPY_BYTES - 1) / S3StorageDriver.MAX_COPY_BYTES);
        long each = (size + count - 1) / count;
        int number = firstPart;
        for (long start = 0; start < size; start += each, number++) {
            long end = Math.min(size, start + each) - 1;
            int partNumber = number;
            String range = "bytes=" + start + "-" + end;
            UploadPartCopyResponse copied = driver.client().uploadPartCopy(c -> c
                    .sourceBucket(driver.bucket()).sourceKey(sourceKey)
                    .destinationBucket(driver.bucket()).destinationKey(targetKey)
                    .uploadId(uploadId).partNumber(partNumber).copySourceRange(range));
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(copied.copyPartResult().eTag()).build());
        }
        return parts;
    }

    /** Copies a whole object too large for one CopyObject to {@code targetKey}, replacing what is there. */
    static void copy(S3StorageDriver driver, String from, String sourceKey, long size, String to, String targetKey)
            throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(driver.bucket()).key(targetKey);
        driver.newObject(create);
        String uploadId = driver.client().createMultipartUpload(create.build()).uploadId();
        try {
            List<CompletedPart> parts = copyParts(driver, uploadId, targetKey, sourceKey, size, 1);
            driver.client().completeMultipartUpload(c -> c.bucket(driver.bucket()).key(targetKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            abortQuietly(driver, targetKey, uploadId, e);
            throw S3StorageDriver.failed("copy to " + to, from, e);
        }
    }

    static void abortQuietly(S3StorageDriver driver, String key, String uploadId, Exception failure) {
        try {
            driver.client().abortMultipartUpload(a -> a.bucket(driver.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // A janitor (or the bucket's lifecycle rule) aborts what is left.
            failure.addSuppressed(e);
        }
    }
}
