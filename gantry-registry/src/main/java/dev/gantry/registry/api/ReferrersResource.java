package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.content.References;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /v2/&lt;name&gt;/referrers/&lt;digest&gt;: an image index of the manifests whose subject is the
 * digest, filtered by ?artifactType= (then OCI-Filters-Applied says so). The subject need not
 * exist: referrers may be pushed before what they refer to, and an unknown subject has none.
 */
final class ReferrersResource {
    void handle(Exchange exchange, Repository repository, String reference) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on referrers");
        }
        Digest subject = References.digest(reference);
        String artifactType = exchange.param("artifactType");
        List<Descriptor> referrers = repository.referrers(subject, artifactType);
        if (artifactType != null) {
            exchange.header(Headers.FILTERS_APPLIED, "artifactType");
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", referrers);
        exchange.send(200, MediaTypes.OCI_INDEX, Json.write(index));
    }
}
