package dev.gantry.registry.s3;

import dev.gantry.error.InvalidInputException;
import dev.gantry.registry.storage.StorageConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code "storage"} options of the {@code s3} driver, checked: every key known, the bucket
 * given, booleans spelled {@code true}/{@code false}, access and secret key given together.
 *
 * @param bucket         the bucket holding the registry's objects
 * @param endpoint       the S3 API's address (MinIO, Ceph RGW, S3Proxy), or null for AWS's own
 * @param region         the signing region
 * @param prefix         the key prefix every object goes under, without slashes at either end, or empty
 * @param pathStyle      whether requests name the bucket in the path rather than the host name
 * @param accessKey      the access key id, or null for the SDK's default credential chain
 * @param secretKey      the secret key, given with {@code accessKey}
 * @param sse            the server-side encryption header value ({@code AES256}, {@code aws:kms}), or null
 * @param storageClass   the storage class objects are written with ({@code STANDARD}...), or null
 * @param redirect       whether blob GETs answer with a presigned URL rather than passing the bytes through
 * @param redirectExpiry how long a presigned URL stays valid
 * @param partSize       the size of each multipart upload part but the last, at least 5 MiB
 * @param abandonedUploadAge how old a multipart upload must be for the janitor to abort it as abandoned
 */
public record S3Settings(String bucket, URI endpoint, String region, String prefix, boolean pathStyle,
                         String accessKey, String secretKey, String sse, String storageClass,
                         boolean redirect, Duration redirectExpiry, int partSize, Duration abandonedUploadAge) {
    /** S3's smallest part but the last of a multipart upload. */
    public static final int MIN_PART_SIZE = 5 << 20;

    private static final Set<String> KEYS = Set.of("bucket", "endpoint", "region", "prefix", "pathStyle",
            "accessKey", "secretKey", "sse", "storageClass", "redirect", "redirectExpirySeconds", "partSizeMiB", "abandonedUploadHours");

    /**
     * Reads and checks the options of a {@code "storage"} object naming the {@code s3} driver.
     *
     * @param config the storage configuration
     * @return the settings
     * @throws InvalidInputException when an option is unknown, missing or malformed (the message names it)
     */
    public static S3Settings of(StorageConfig config) {
        Map<String, String> options = config.options();
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException("unknown option '" + key + "' of storage driver s3; it takes: "
                        + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        String bucket = options.get("bucket");
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidInputException("storage driver s3 needs a \"bucket\"");
        }
        URI endpoint = null;
        if (options.get("endpoint") != null) {
            try {
                endpoint = new URI(options.get("endpoint"));
            } catch (URISyntaxException e) {
                throw new InvalidInputException("storage driver s3: \"endpoint\" is not a URL: " + options.get("endpoint"));
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw new InvalidInputException("storage driver s3: \"endpoint\" needs a scheme and host, such as http://127.0.0.1:9000");
            }
        }
        String accessKey = options.get("accessKey");
        String secretKey = options.get("secretKey");
        if ((accessKey == null) != (secretKey == null)) {
            throw new InvalidInputException("storage driver s3 takes \"accessKey\" and \"secretKey\" together (or neither, for the default credential chain)");
        }
        String prefix = options.getOrDefault("prefix", "").replaceAll("^/+|/+$", "");
        long expiry = number(options, "redirectExpirySeconds", 1200);
        long partMiB = number(options, "partSizeMiB", 8);
        if (partMiB < 5 || partMiB > 5 * 1024) {
            throw new InvalidInputException("storage driver s3: \"partSizeMiB\" must be between 5 and 5120");
        }
        return new S3Settings(bucket, endpoint, options.getOrDefault("region", "us-east-1"), prefix,
                bool(options, "pathStyle"), accessKey, secretKey, options.get("sse"), options.get("storageClass"),
                bool(options, "redirect"), Duration.ofSeconds(expiry), (int) (partMiB << 20),
                Duration.ofHours(number(options, "abandonedUploadHours", 24)));
    }

    private static boolean bool(Map<String, String> options, String key) {
        String value = options.getOrDefault(key, "false");
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("storage driver s3: \"" + key + "\" must be true or false, not " + value);
        };
    }

    private static long number(Map<String, String> options, String key, long fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("storage driver s3: \"" + key + "\" must be a positive whole number, not " + value);
    }
}
