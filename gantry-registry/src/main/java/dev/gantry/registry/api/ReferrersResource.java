package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.content.References;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /v2/&lt;name&gt;/referrers/&lt;digest&gt;: an image index of the manifests whose subject is the
 * digest, filtered by ?artifactType= (then OCI-Filters-Applied says so). The subject need not
 * exist: referrers may be pushed before what they refer to, and an unknown subject has none.
 * Paged as the spec allows: a Link header to the next page, whose opaque {@code last} cursor is
 * the last referrer's storage entry; a page holds at most {@value #PAGE} (or {@code n}) descriptors,
 * keeping the index well under the 4 MiB clients accept for a manifest.
 */
final class ReferrersResource {
    static final int PAGE = 1000;

    void handle(Exchange exchange, Repository repository, String reference) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on referrers");
        }
        Digest subject = References.digest(reference);
        String artifactType = exchange.param("artifactType");
        Pagination pagination = Pagination.of(exchange, PAGE);
        dev.gantry.registry.metadata.ReferrersPage page = repository.referrers(subject, artifactType, pagination.last(), pagination.size());
        if (artifactType != null) {
            exchange.header(Headers.FILTERS_APPLIED, "artifactType");
        }
        if (page.next() != null) {
            pagination.link(exchange, "/v2/" + repository.name() + "/referrers/" + subject, page.next(),
                    artifactType == null ? "" : "&artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8));
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", page.referrers());
        exchange.send(200, MediaTypes.OCI_INDEX, Json.write(index));
    }
}
