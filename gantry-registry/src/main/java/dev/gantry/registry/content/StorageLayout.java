package dev.gantry.registry.content;

import dev.gantry.digest.Digest;

/**
 * Where everything lives in the storage tree. Blobs are content-addressed and shared by every
 * repository; repositories hold only small link files, so a blob pushed to ten repositories is
 * stored once. Names and tags are validated before they get here, and their grammar cannot
 * produce '.', '..' or a leading '_', so repository content never collides with the '_' folders.
 * <pre>
 * /blobs/&lt;alg&gt;/&lt;hex[0:2]&gt;/&lt;hex&gt;/data                          the bytes
 * /repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;/link                 blob is in repo
 * /repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link    manifest in repo; holds its media type
 * /repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link      holds the tagged digest
 * /repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;hex&gt;/&lt;alg&gt;-&lt;hex&gt;     descriptor JSON of a referrer of the subject
 * /repositories/&lt;name&gt;/_uploads/&lt;id&gt;/data, startedat, hashstate   upload sessions (hashstate: the running SHA-256 after the data's bytes)
 * /_quarantine/&lt;run&gt;/&lt;alg&gt;/&lt;hex&gt;/data                         blobs `gantry serve scrub --quarantine` took out of service
 * /_metadata/database                                             written by a server keeping the metadata in a database
 *                                                                 (holds its URL): tree-only tools (gc, scrub) refuse the store
 * </pre>
 */
public final class StorageLayout {
    public static final String REPOSITORIES = "/repositories";
    public static final String QUARANTINE = "/_quarantine";
    /**
     * Present when a server keeps this storage's metadata in a database: the tree then has no tags or links, and
     * a tool reading the tree alone (gc would delete every blob as unreferenced) must refuse it.
     */
    public static final String METADATA_IN_DATABASE = "/_metadata/database";

    private StorageLayout() {
    }

    public static String blobData(Digest d) {
        return blobFolder(d) + "/data";
    }

    public static String blobFolder(Digest d) {
        return "/blobs/" + d.algorithm().id() + "/" + d.hex().substring(0, 2) + "/" + d.hex();
    }

    /** Where a scrub run (named by when it ran) puts a blob it takes out of service. */
    public static String quarantined(String run, Digest d) {
        return QUARANTINE + "/" + run + "/" + d.algorithm().id() + "/" + d.hex();
    }

    public static String repository(String name) {
        return REPOSITORIES + "/" + name;
    }

    public static String layerLink(String name, Digest d) {
        return repository(name) + "/_layers/" + d.algorithm().id() + "/" + d.hex() + "/link";
    }

    public static String revisionLink(String name, Digest d) {
        return repository(name) + "/_manifests/revisions/" + d.algorithm().id() + "/" + d.hex() + "/link";
    }

    public static String tags(String name) {
        return repository(name) + "/_manifests/tags";
    }

    public static String tag(String name, String tag) {
        return tags(name) + "/" + tag;
    }

    public static String tagLink(String name, String tag) {
        return tag(name, tag) + "/current/link";
    }

    public static String referrers(String name, Digest subject) {
        return repository(name) + "/_referrers/" + subject.algorithm().id() + "/" + subject.hex();
    }

    public static String referrer(String name, Digest subject, Digest referrer) {
        return referrers(name, subject) + "/" + referrer.algorithm().id() + "-" + referrer.hex();
    }

    public static String upload(String name, String id) {
        return repository(name) + "/_uploads/" + id;
    }

    public static String uploadData(String name, String id) {
        return upload(name, id) + "/data";
    }

    public static String uploadStartedAt(String name, String id) {
        return upload(name, id) + "/startedat";
    }

    public static String uploadHashState(String name, String id) {
        return upload(name, id) + "/hashstate";
    }
}
