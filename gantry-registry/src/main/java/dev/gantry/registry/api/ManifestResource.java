package dev.gantry.registry.api;

import dev.gantry.oci.Json;
import dev.gantry.registry.content.PutManifestResult;
import dev.gantry.registry.content.Repository;
import dev.gantry.registry.content.StoredManifest;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;

/** /v2/&lt;name&gt;/manifests/&lt;reference&gt;: GET, HEAD, PUT (with ?tag=), DELETE; reference is a tag or a digest. */
final class ManifestResource {
    void handle(Exchange exchange, Repository repository, String reference) throws IOException {
        switch (exchange.method()) {
            case "GET", "HEAD" -> get(exchange, repository, reference);
            case "PUT" -> put(exchange, repository, reference);
            case "DELETE" -> {
                repository.deleteManifest(reference);
                exchange.send(202);
            }
            default -> throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on manifests");
        }
    }

    private void get(Exchange exchange, Repository repository, String reference) throws IOException {
        StoredManifest manifest = repository.manifest(reference);
        exchange.header(Headers.DIGEST, manifest.digest().toString())
                .header("ETag", "\"" + manifest.digest() + "\"");
        exchange.send(200, manifest.mediaType(), manifest.content());
    }

    private void put(Exchange exchange, Repository repository, String reference) throws IOException {
        // The spec's answer to a manifest over the registry's limit is 413.
        byte[] raw = exchange.readBody(Json.MAX_MANIFEST_BYTES, ErrorCode.MANIFEST_INVALID, 413);
        PutManifestResult result = repository.putManifest(reference, raw, exchange.header("Content-Type"), exchange.params("tag"));
        exchange.header(Headers.LOCATION, "/v2/" + repository.name() + "/manifests/" + result.digest())
                .header(Headers.DIGEST, result.digest().toString());
        if (result.subject() != null) {
            exchange.header(Headers.SUBJECT, result.subject().toString());
        }
        for (String tag : exchange.params("tag")) {
            exchange.response().getHeaders().add("OCI-Tag", tag);
        }
        exchange.send(201);
    }
}
