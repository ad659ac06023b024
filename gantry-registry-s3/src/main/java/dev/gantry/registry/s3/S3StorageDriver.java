package dev.gantry.registry.s3;

import dev.gantry.error.LimitExceededException;
import dev.gantry.registry.storage.InvalidOffsetException;
import dev.gantry.registry.storage.PathNotFoundException;
import dev.gantry.registry.storage.StorageDriver;
import dev.gantry.registry.storage.StoragePaths;
import dev.gantry.registry.storage.StorageWriter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@link dev.gantry.registry.storage.StorageDriver} over an S3 bucket: each storage key is an
 * object under the configured prefix, and a "directory" is the common prefix of its children.
 * Whole-object writes are single PUTs (atomic in S3); moves are a server-side copy then a delete;
 * a writer appends through a multipart upload that starts with the existing object (copied
 * server-side, or re-read when smaller than a part) and ends with a complete, so the object at
 * the key always holds exactly what was committed and a writer can resume from any node. Memory
 * per writer is one part buffer, never a whole blob.
 *
 * <p>What S3 cannot give: one writer per key across processes is enforced within this process only
 * (two nodes appending to one upload at once must be kept apart by the upload sessions' own
 * slots), and a subtree delete is not atomic (objects disappear one batch at a time).
 */
public final class S3StorageDriver implements StorageDriver, AutoCloseable {
    /** The largest single CopyObject (and copied part) S3 accepts. */
    static final long MAX_COPY_BYTES = 5L << 30;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Settings settings;
    /**
     * Writers open in this process, one per object at a time, across every driver instance over the same
     * bucket (two registries in one JVM sharing a bucket, as node tests run them).
     */
    private static final KeyLocks WRITERS = new KeyLocks();
    private static final System.Logger LOG = System.getLogger(S3StorageDriver.class.getName());
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gantry-s3-janitor").daemon().factory());
    /** False once the store answered DeleteObjects with 501 Not Implemented. */
    private volatile boolean batchDeletes = true;

    private final S3RequestMetrics metrics;

    private S3StorageDriver(S3Client s3, S3Presigner presigner, S3Settings settings, S3RequestMetrics metrics) {
        this.metrics = metrics;
        this.s3 = s3;
        this.presigner = presigner;
        this.settings = settings;
    }

    /**
     * A driver as configured, after checking that the bucket can be reached.
     *
     * @param settings the checked {@code "storage"} options
     * @return the driver, which the caller closes
     * @throws IOException when the bucket cannot be reached (missing, unauthorized, no such host)
     */
    public static S3StorageDriver open(S3Settings settings) throws IOException {
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration s3Config = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        S3RequestMetrics metrics = new S3RequestMetrics();
        var client = S3Client.builder()
                .overrideConfiguration(o -> o.addExecutionInterceptor(metrics))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config)
                // Checksums only where S3 requires them: S3-compatible stores vary in the newer trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3Config);
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presign.endpointOverride(settings.endpoint());
        }
        S3Client s3 = client.build();
        S3Presigner presigner = presign.build();
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            s3.close();
            presigner.close();
            throw new IOException("S3 bucket " + settings.bucket() + " cannot be reached: " + e.getMessage(), e);
        }
        S3StorageDriver driver = new S3StorageDriver(s3, presigner, settings, metrics);
        driver.startJanitor();
        return driver;
    }

    /**
     * The settings this driver was opened with.
     *
     * @return the settings
     */
    public S3Settings settings() {
        return settings;
    }

    /** The object key of a storage path, which is checked first. */
    String key(String path) {
        String checked = StoragePaths.check(path).substring(1);
        return settings.prefix().isEmpty() ? checked : settings.prefix() + "/" + checked;
    }

    /** The counts of this driver's S3 requests. */
    S3RequestMetrics requestMetrics() {
        return metrics;
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return settings.bucket();
    }

    static IOException failed(String what, String path, SdkException e) {
        return new IOException("S3 " + what + " of " + path + " failed: " + e.getMessage(), e);
    }

    static boolean notFound(SdkException e) {
        return e instanceof NoSuchKeyException || e instanceof S3Exception s && s.statusCode() == 404;
    }

    /** Adds the configured encryption and storage class to a request creating an object, as written in the config (S3 checks them). */
    void newObject(PutObjectRequest.Builder request) {
        if (settings.sse() != null) {
            request.serverSideEncryption(settings.sse());
        }
        if (settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
    }

    void newObject(CreateMultipartUploadRequest.Builder request) {
        if (settings.sse() != null) {
            request.serverSideEncryption(settings.sse());
        }
        if (settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
    }

    private void newObject(CopyObjectRequest.Builder request) {
        if (settings.sse() != null) {
            request.serverSideEncryption(settings.sse());
        }
        if (settings.storageClass() != null) {
            request.storageClass(settings.storageClass());
        }
    }

    /** The object's metadata, or null when there is no object at the key. */
    HeadObjectResponse head(String path, String key) throws IOException {
        try {
            return s3.headObject(h -> h.bucket(bucket()).key(key));
        } catch (SdkException e) {
            if (notFound(e)) {
                return null;
            }
            throw failed("HEAD", path, e);
        }
    }

    private HeadObjectResponse existing(String path, String key) throws IOException {
        HeadObjectResponse head = head(path, key);
        if (head == null) {
            throw new PathNotFoundException(path);
        }
        return head;
    }

    @Override
    public byte[] getContent(String path, int limit) throws IOException {
        String key = key(path);
        for (boolean first = true; ; first = false) {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(bucket()).key(key))) {
                if (first && appending(in.response())) {
                    in.abort();
                    completeAppend(path, key);
                    continue;
                }
                byte[] bytes = in.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    in.abort();
                    throw new LimitExceededException(path + " is larger than " + limit + " bytes");
                }
                return bytes;
            } catch (SdkException e) {
                if (notFound(e)) {
                    throw new PathNotFoundException(path);
                }
                throw failed("GET", path, e);
            }
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        String key = key(path);
        put(path, key, RequestBody.fromBytes(content));
    }

    void put(String path, String key, RequestBody body) throws IOException {
        try {
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket()).key(key);
            newObject(request);
            s3.putObject(request.build(), body);
        } catch (SdkException e) {
            throw failed("PUT", path, e);
        }
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        String key = key(path);
        if (offset < 0) {
            throw new InvalidOffsetException(path, offset);
        }
        for (boolean first = true; ; first = false) {
            String range = null;
            if (offset > 0) {
                HeadObjectResponse head = existing(path, key);
                if (first && appending(head)) {
                    completeAppend(path, key);
                    continue;
                }
                long size = head.contentLength();
                if (offset > size) {
                    throw new InvalidOffsetException(path, offset, size);
                }
                if (offset == size) {
                    return InputStream.nullInputStream();
                }
                range = "bytes=" + offset + "-";
            }
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket()).key(key);
            if (range != null) {
                request.range(range);
            }
            ResponseInputStream<GetObjectResponse> in;
            try {
                in = s3.getObject(request.build());
            } catch (SdkException e) {
                if (notFound(e)) {
                    throw new PathNotFoundException(path);
                }
                throw failed("GET", path, e);
            }
            if (first && appending(in.response())) {
                in.abort();
                completeAppend(path, key);
                continue;
            }
            return new Body(in);
        }
    }

    /**
     * An object's bytes as the SDK streams them; closed before the end (a client gone, a ranged
     * read done), the connection is aborted rather than drained to the end of a large blob.
     */
    private static final class Body extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean ended;

        Body(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    @Override
    public StorageWriter writer(String path, long offset) throws IOException {
        String key = key(path);
        if (offset < 0) {
            throw new InvalidOffsetException(path, offset);
        }
        String lock = settings.endpoint() + " " + bucket() + " " + key;
        WRITERS.acquire(lock);
        try {
            Append current = append(path, key);
            long size = current.size();
            if (size != offset) {
                throw new InvalidOffsetException(path, offset, size);
            }
            boolean flagged = current.head() != null && appending(current.head());
            if (current.head() == null) {
                // The writer's object exists from the start, as a file would: an upload session at 0 bytes.
                putFlagged(path, key);
                flagged = true;
            }
            return new S3Writer(this, path, key, size, current.state(), flagged, settings.partSize(), () -> WRITERS.release(lock));
        } catch (IOException | RuntimeException e) {
            WRITERS.release(lock);
            throw e;
        }
    }

    /**
     * The user metadata marking an object that may have an append in progress, so that reads of every other
     * object (blobs, links) never ask for an append state. Completion writes the object anew, without it.
     */
    static final String APPEND_FLAG = "gantry-append";

    static boolean appending(HeadObjectResponse head) {
        return head.metadata().containsKey(APPEND_FLAG);
    }

    private static boolean appending(GetObjectResponse get) {
        return get.metadata().containsKey(APPEND_FLAG);
    }

    private void putFlagged(String path, String key) throws IOException {
        try {
            PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket()).key(key).metadata(java.util.Map.of(APPEND_FLAG, "1"));
            newObject(request);
            s3.putObject(request.build(), RequestBody.empty());
        } catch (SdkException e) {
            throw failed("PUT", path, e);
        }
    }

    /**
     * Marks an object holding {@code size} bytes as appended to, by copying it onto itself with the flag: once per
     * append to an object that was completed before (an upload whose blob failed to move, a read of one mid-way),
     * never per request.
     */
    void flagAppend(String path, String key, long size) throws IOException {
        if (size == 0) {
            putFlagged(path, key);
            return;
        }
        if (size > MAX_COPY_BYTES) {
            throw new IOException("S3: cannot continue appending to " + path + ": it holds " + size
                    + " bytes, more than one server-side copy can mark");
        }
        try {
            CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                    .sourceBucket(bucket()).sourceKey(key).destinationBucket(bucket()).destinationKey(key)
                    .metadataDirective(software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE)
                    .metadata(java.util.Map.of(APPEND_FLAG, "1"));
            newObject(copy);
            s3.copyObject(copy.build());
        } catch (SdkException e) {
            throw failed("COPY (marking an append)", path, e);
        }
    }

    /**
     * Where the append state of the object at {@code key} and its tail segments are kept: a sibling folder, since
     * file-backed stores (MinIO, S3Proxy) cannot hold an object and objects under it as a folder; '~' is outside
     * every storage path's alphabet, so the name never meets a path, and listings leave it out.
     */
    String appendFolder(String key) {
        return key + APPEND_SUFFIX;
    }

    private static final String APPEND_SUFFIX = "~append/";

    String stateKey(String key) {
        return appendFolder(key) + "state";
    }

    String segmentKey(String key, String name) {
        return appendFolder(key) + name;
    }

    /**
     * An object and the append in progress on it, if any.
     *
     * @param head          the object's metadata, or null when there is no object
     * @param state         the append state, or null when no append is in progress
     * @param stateModified when the state was last saved (the append's last write)
     */
    record Append(HeadObjectResponse head, MultipartState state, Instant stateModified) {
        long size() {
            return state != null ? state.size() : head == null ? 0 : head.contentLength();
        }
    }

    /**
     * The object at {@code key} and its append state. A state whose base is not the object's size is stale: a
     * completion that stopped before removing it (the object already holds everything), so it is ignored.
     */
    Append append(String path, String key) throws IOException {
        HeadObjectResponse head = head(path, key);
        if (head == null || !appending(head)) {
            return new Append(head, null, null);
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(bucket()).key(stateKey(key)))) {
            MultipartState state = MultipartState.parse(in.readAllBytes(), stateKey(key));
            if (state.base() != head.contentLength()) {
                return new Append(head, null, null);
            }
            return new Append(head, state, in.response().lastModified());
        } catch (SdkException e) {
            if (notFound(e)) {
                return new Append(head, null, null);
            }
            throw failed("GET append state", path, e);
        }
    }

    /**
     * Completes an append in progress, so the object at the key holds every byte: what a read or a move of an
     * object still being appended to needs (S3 cannot read a multipart upload's parts before it completes). Uploads
     * commit before they read or move their data, so this runs only after a writer stopped without committing
     * (a restart that lost the upload's hash state).
     */
    private void completeAppend(String path, String key) throws IOException {
        Append current = append(path, key);
        if (current.state() == null) {
            return;
        }
        try (StorageWriter writer = writer(path, current.size())) {
            writer.commit();
        } catch (InvalidOffsetException moved) {
            // Another writer appended meanwhile; the caller reads what the object holds once it commits.
        }
    }

    /** Deletes an object's append folder (its state and tail segments). */
    void deleteAppendFolder(String path, String key) throws IOException {
        List<ObjectIdentifier> doomed = new ArrayList<>();
        try {
            listAll(ListObjectsV2Request.builder().bucket(bucket()).prefix(appendFolder(key)).build(),
                    page -> page.contents().forEach(o -> doomed.add(ObjectIdentifier.builder().key(o.key()).build())));
            for (int i = 0; i < doomed.size(); i += DELETE_BATCH) {
                deleteBatch(path, doomed.subList(i, Math.min(doomed.size(), i + DELETE_BATCH)));
            }
        } catch (SdkException e) {
            throw failed("DELETE append state", path, e);
        }
    }

    /** Cancels an append: aborts its multipart upload, deletes its folder and the object. */
    void deleteAppend(String path, String key) throws IOException {
        abortAppend(key);
        deleteAppendFolder(path, key);
        try {
            s3.deleteObject(d -> d.bucket(bucket()).key(key));
        } catch (SdkException e) {
            throw failed("DELETE", path, e);
        }
    }

    /** Aborts the multipart upload an append state names, if there is one; a janitor catches what this misses. */
    private void abortAppend(String key) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(bucket()).key(stateKey(key)))) {
            MultipartState state = MultipartState.parse(in.readAllBytes(), stateKey(key));
            if (state.uploadId() != null) {
                s3.abortMultipartUpload(a -> a.bucket(bucket()).key(key).uploadId(state.uploadId()));
            }
        } catch (SdkException | IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no upload to abort for " + key + ": " + e.getMessage());
        }
    }

    void deleteQuietly(String key) {
        try {
            s3.deleteObject(d -> d.bucket(bucket()).key(key));
        } catch (SdkException e) {
            // left for the upload folder's deletion
        }
    }

    @Override
    public long size(String path) throws IOException {
        String key = key(path);
        Append current = append(path, key);
        if (current.head() == null) {
            throw new PathNotFoundException(path);
        }
        return current.size();
    }

    @Override
    public boolean exists(String path) {
        String key = key(path);
        try {
            if (head(path, key) != null) {
                return true;
            }
            return s3.listObjectsV2(l -> l.bucket(bucket()).prefix(key + "/").maxKeys(1)).keyCount() > 0;
        } catch (IOException | SdkException e) {
            // The interface has no room for a failure here; an unreachable store holds nothing we can see.
            return false;
        }
    }

    @Override
    public Instant modified(String path) throws IOException {
        String key = key(path);
        Append current = append(path, key);
        if (current.head() == null) {
            throw new PathNotFoundException(path);
        }
        return current.state() != null ? current.stateModified() : current.head().lastModified();
    }

    @Override
    public List<String> list(String path) throws IOException {
        String prefix = key(path) + "/";
        TreeSet<String> names = new TreeSet<>();
        try {
            listAll(ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).delimiter("/").build(), page -> {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(prefix.length());
                    name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                    if (!name.isEmpty() && !name.contains("~")) {
                        names.add(name);
                    }
                }
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(prefix.length());
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            });
        } catch (SdkException e) {
            throw failed("LIST", path, e);
        }
        if (names.isEmpty()) {
            throw new PathNotFoundException(path);
        }
        return List.copyOf(names);
    }

    /** Every page of a listing, following continuation tokens. */
    private void listAll(ListObjectsV2Request first, Consumer<ListObjectsV2Response> pages) {
        ListObjectsV2Request request = first;
        while (true) {
            ListObjectsV2Response page = s3.listObjectsV2(request);
            pages.accept(page);
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null) {
                return;
            }
            request = request.toBuilder().continuationToken(page.nextContinuationToken()).build();
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        String source = key(from);
        String target = key(to);
        completeAppend(from, source);
        long size = existing(from, source).contentLength();
        try {
            if (size <= MAX_COPY_BYTES) {
                // REPLACE: the moved object does not keep an append flag (an empty upload is moved flagged).
                CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                        .sourceBucket(bucket()).sourceKey(source)
                        .destinationBucket(bucket()).destinationKey(target)
                        .metadataDirective(software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE);
                newObject(copy);
                s3.copyObject(copy.build());
            } else {
                MultipartCopy.copy(this, from, source, size, to, target);
            }
            s3.deleteObject(d -> d.bucket(bucket()).key(source));
        } catch (SdkException e) {
            if (notFound(e)) {
                throw new PathNotFoundException(from);
            }
            throw failed("move to " + to, from, e);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        String key = key(path);
        List<ObjectIdentifier> doomed = new ArrayList<>();
        try {
            listAll(ListObjectsV2Request.builder().bucket(bucket()).prefix(key + "/").build(),
                    page -> page.contents().forEach(o -> doomed.add(ObjectIdentifier.builder().key(o.key()).build())));
            listAll(ListObjectsV2Request.builder().bucket(bucket()).prefix(appendFolder(key)).build(),
                    page -> page.contents().forEach(o -> doomed.add(ObjectIdentifier.builder().key(o.key()).build())));
            if (head(path, key) != null) {
                doomed.add(ObjectIdentifier.builder().key(key).build());
            }
            if (doomed.isEmpty()) {
                throw new PathNotFoundException(path);
            }
            for (ObjectIdentifier object : doomed) {
                if (object.key().endsWith(APPEND_SUFFIX + "state")) {
                    abortAppend(object.key().substring(0, object.key().length() - (APPEND_SUFFIX + "state").length()));
                }
            }
            for (int i = 0; i < doomed.size(); i += DELETE_BATCH) {
                deleteBatch(path, doomed.subList(i, Math.min(doomed.size(), i + DELETE_BATCH)));
            }
        } catch (SdkException e) {
            throw failed("DELETE", path, e);
        }
    }

    /**
     * Deletes up to 1000 objects in one DeleteObjects request, or one at a time where the store does not
     * implement it (S3Proxy refuses the checksum header the SDK sends with it).
     */
    private void deleteBatch(String path, List<ObjectIdentifier> batch) throws IOException {
        if (!batchDeletes || batch.size() == 1) {
            for (ObjectIdentifier object : batch) {
                s3.deleteObject(d -> d.bucket(bucket()).key(object.key()));
            }
            return;
        }
        try {
            var result = s3.deleteObjects(d -> d.bucket(bucket()).delete(Delete.builder().objects(batch).quiet(true).build()));
            if (result.hasErrors() && !result.errors().isEmpty()) {
                throw new IOException("S3 DELETE under " + path + " failed for " + result.errors().size()
                        + " objects, first " + result.errors().getFirst().key() + ": " + result.errors().getFirst().message());
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 501) {
                throw e;
            }
            batchDeletes = false;
            deleteBatch(path, batch);
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, String method) throws IOException {
        if (!settings.redirect()) {
            return Optional.empty();
        }
        String key = key(path);
        try {
            java.net.URL url = switch (method) {
                case "GET" -> presigner.presignGetObject(p -> p.signatureDuration(settings.redirectExpiry())
                        .getObjectRequest(g -> g.bucket(bucket()).key(key))).url();
                case "HEAD" -> presigner.presignHeadObject(p -> p.signatureDuration(settings.redirectExpiry())
                        .headObjectRequest(h -> h.bucket(bucket()).key(key))).url();
                default -> null;
            };
            return url == null ? Optional.empty() : Optional.of(url.toURI());
        } catch (SdkException | URISyntaxException e) {
            throw new IOException("presigning a URL for " + path + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Aborts the multipart uploads under this driver's prefix that were started more than {@code age} ago. A
     * writer's upload lives only while the writer is open (close completes it), so an old one was left by a
     * process that died mid-write; S3 would keep (and bill) its parts forever.
     *
     * @param age how old an upload must be to count as abandoned
     * @return how many uploads were aborted
     * @throws IOException when the uploads cannot be listed or one cannot be aborted
     */
    public int abortAbandonedUploads(Duration age) throws IOException {
        return abortUploadsStartedBefore(Instant.now().minus(age));
    }

    int abortUploadsStartedBefore(Instant cutoff) throws IOException {
        String prefix = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        int aborted = 0;
        try {
            String keyMarker = null;
            String uploadMarker = null;
            while (true) {
                String keys = keyMarker;
                String uploads = uploadMarker;
                ListMultipartUploadsResponse page = s3.listMultipartUploads(l -> l.bucket(bucket()).prefix(prefix)
                        .keyMarker(keys).uploadIdMarker(uploads));
                for (MultipartUpload upload : page.uploads()) {
                    if (upload.initiated() != null && upload.initiated().isBefore(cutoff) && !inUse(upload, cutoff)) {
                        s3.abortMultipartUpload(a -> a.bucket(bucket()).key(upload.key()).uploadId(upload.uploadId()));
                        aborted++;
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return aborted;
                }
                keyMarker = page.nextKeyMarker();
                uploadMarker = page.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw new IOException("S3 aborting abandoned uploads under " + (prefix.isEmpty() ? "the bucket" : prefix)
                    + " failed after " + aborted + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether an append state saved since {@code cutoff} names the upload: an upload session still receiving
     * chunks, however long ago it began. A state older than that is abandoned with its upload.
     */
    private boolean inUse(MultipartUpload upload, Instant cutoff) {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(bucket()).key(stateKey(upload.key())))) {
            MultipartState state = MultipartState.parse(in.readAllBytes(), stateKey(upload.key()));
            return upload.uploadId().equals(state.uploadId()) && in.response().lastModified().isAfter(cutoff);
        } catch (SdkException | IOException e) {
            return false;
        }
    }

    /** Every hour (and once at start), aborts the uploads older than {@link S3Settings#abandonedUploadAge()}. */
    private void startJanitor() {
        janitor.scheduleWithFixedDelay(() -> {
            try {
                int n = abortAbandonedUploads(settings.abandonedUploadAge());
                if (n > 0) {
                    LOG.log(System.Logger.Level.INFO, "aborted {0} abandoned S3 multipart uploads", n);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "S3 upload janitor: " + e.getMessage());
            }
        }, 0, 1, TimeUnit.HOURS);
    }

    /** One HEAD of the bucket. */
    @Override
    public void checkReachable() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket()));
        } catch (SdkException e) {
            throw new IOException("S3 bucket " + bucket() + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** The S3 requests made, per operation: count, failures, time taken, bytes sent. */
    @Override
    public void writeMetrics(StringBuilder out) {
        metrics.render(out);
    }

    /** Closes the SDK's client and presigner, and stops the upload janitor. */
    @Override
    public void close() {
        janitor.shutdownNow();
        s3.close();
        presigner.close();
    }
}
