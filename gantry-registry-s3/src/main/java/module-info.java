/**
 * The registry's storage driver over S3-compatible object storage, the {@code s3}
 * {@code StorageDriverProvider}: blobs and the storage tree as objects in a bucket, uploads as
 * multipart uploads, blob GETs proxied or redirected to presigned URLs. Loaded only by a
 * {@code gantry serve} whose configuration names it, so no other command loads the AWS SDK.
 */
// "module": "s3" is the name of the thing, terminal digit and all; "requires-automatic": the AWS SDK's
// jars are automatic modules (Automatic-Module-Name), with no descriptors of their own.
@SuppressWarnings({"module", "requires-automatic"})
module dev.gantry.registry.s3 {
    requires transitive dev.gantry.registry;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;

    exports dev.gantry.registry.s3;

    provides dev.gantry.registry.storage.StorageDriverProvider with dev.gantry.registry.s3.S3StorageDriverProvider;
}
