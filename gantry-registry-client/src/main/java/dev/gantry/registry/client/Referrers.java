package dev.gantry.registry.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.digest.Digest;
import dev.gantry.error.GantryException;
import dev.gantry.error.InvalidInputException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageIndex;
import dev.gantry.oci.Json;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.client.http.Request;
import dev.gantry.registry.client.http.Response;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OCI 1.1 referrers (distribution-spec "listing referrers"): manifests whose {@code subject}
 * names another. A registry with the referrers API indexes them itself and says so with an
 * {@code OCI-Subject} header on the manifest PUT; for one without (docker-registry 2.8), the
 * client keeps an index under the fallback tag {@code <alg>-<hex>} of the subject, as the spec's
 * "referrers tag schema" says, and readers look there when the API answers 404.
 */
final class Referrers {
    private final RegistryClient client;

    Referrers(RegistryClient client) {
        this.client = client;
    }

    /** The fallback tag for a subject: {@code sha256-<hex>}, cut to the 128 characters a tag may have. */
    static String fallbackTag(Digest subject) {
        String tag = subject.algorithm().id() + "-" + subject.hex();
        return tag.length() > 128 ? tag.substring(0, 128) : tag;
    }

    /** Everything that refers to {@code subject}: from the API, else from the fallback tag, else nothing. */
    List<Descriptor> list(Digest subject) throws IOException {
        List<Descriptor> found = new ArrayList<>();
        Set<URI> read = new HashSet<>();
        // A registry with many referrers pages them with Link headers, as tags/list does (distribution-spec).
        URI page = client.url("/referrers/" + subject);
        while (page != null) {
            if (!read.add(page)) {
                throw new GantryException("referrers of " + subject + " in " + client.name() + ": the registry's Link header "
                        + "leads back to " + page + ", a page already read");
            }
            Request api = new Request("GET", page, Map.of("Accept", MediaTypes.OCI_INDEX), null);
            boolean noApi;
            try (Response r = client.session().send(api, Scopes.pull(client.repository()))) {
                noApi = r.status() == 404 && read.size() == 1;
                if (!noApi && !r.ok()) {
                    throw RegistryException.of("GET referrers of " + subject + " in " + client.name(), r.status(), r.text());
                }
                if (!noApi) {
                    String what = "referrers of " + subject;
                    found.addAll(descriptors(Json.readBounded(r.body(), Json.MAX_MANIFEST_BYTES, what), what));
                    page = LinkHeader.next(r.header("Link"), page).orElse(null);
                }
            }
            if (noApi) {
                return fromFallbackTag(subject);
            }
        }
        return found;
    }

    private List<Descriptor> fromFallbackTag(Digest subject) throws IOException {
        if (client.headManifest(fallbackTag(subject)).isEmpty()) {
            return List.of();
        }
        ManifestResponse index = client.getManifest(fallbackTag(subject));
        return descriptors(index.raw(), "referrers index " + fallbackTag(subject));
    }

    /** Adds a manifest that has a subject to the subject's fallback index (once). */
    void addToFallback(Descriptor manifest, byte[] raw, Digest subject) throws IOException {
        String tag = fallbackTag(subject);
        ObjectNode index;
        if (client.headManifest(tag).isPresent()) {
            index = (ObjectNode) Json.tree(client.getManifest(tag).raw(), "referrers index " + tag);
        } else {
            index = Json.mapper().createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
            index.putArray("manifests");
        }
        ArrayNode manifests = index.withArray("manifests");
        for (JsonNode entry : manifests) {
            if (manifest.digest().toString().equals(entry.path("digest").asText())) {
                return;
            }
        }
        JsonNode doc = Json.tree(raw, "manifest " + manifest.digest());
        ObjectNode entry = manifests.addObject().put("mediaType", manifest.mediaType())
                .put("digest", manifest.digest().toString()).put("size", manifest.size());
        // The spec: artifactType, else the config's media type (for image manifests).
        String artifactType = doc.path("artifactType").asText(doc.path("config").path("mediaType").asText(""));
        if (!artifactType.isEmpty()) {
            entry.put("artifactType", artifactType);
        }
        if (doc.path("annotations").isObject()) {
            entry.set("annotations", doc.get("annotations"));
        }
        byte[] updated = Json.write(index);
        client.putManifest(tag, new Descriptor(MediaTypes.OCI_INDEX, Digest.sha256(updated), updated.length), updated);
    }

    /**
     * The index's entries, annotations and artifactType kept (they are what tells a signature from an SBOM);
     * read with the streaming reader that reads every index (Json.parse hands ImageIndex to it).
     */
    private static List<Descriptor> descriptors(byte[] raw, String what) {
        ImageIndex index = Json.parse(raw, ImageIndex.class, what);
        if (index == null) {
            throw new InvalidInputException(what + " is not a JSON object");
        }
        List<Descriptor> out = new ArrayList<>();
        for (int i = 0; i < index.manifests().size(); i++) {
            Descriptor d = index.manifests().get(i);
            if (d == null) {
                throw new InvalidInputException(what + ": manifests[" + i + "] is null, not a descriptor");
            }
            out.add(d.requireValid(what + " manifests[" + i + "]"));
        }
        return out;
    }
}
