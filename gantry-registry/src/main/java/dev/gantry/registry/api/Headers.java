package dev.gantry.registry.api;

/** Header names of the distribution API. */
final class Headers {
    static final String DIGEST = "Docker-Content-Digest";
    static final String API_VERSION = "Docker-Distribution-API-Version";
    static final String UPLOAD_UUID = "Docker-Upload-UUID";
    static final String SUBJECT = "OCI-Subject";
    static final String FILTERS_APPLIED = "OCI-Filters-Applied";
    static final String LOCATION = "Location";
    static final String RANGE = "Range";
    static final String CONTENT_RANGE = "Content-Range";

    private Headers() {
    }
}
