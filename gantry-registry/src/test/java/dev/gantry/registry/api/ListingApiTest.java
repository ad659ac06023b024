package dev.gantry.registry.api;

import dev.gantry.digest.Digest;
import dev.gantry.oci.MediaTypes;
import dev.gantry.registry.testing.Manifests;
import dev.gantry.registry.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.gantry.registry.testing.TestRegistry.text;
import static org.assertj.core.api.Assertions.assertThat;

/** spec.md "Listing tags" with n/last/Link, and the _catalog extension paged the same way. */
class ListingApiTest {
    @TempDir
    static Path dir;
    static TestRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = new TestRegistry(dir);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (String repo : new String[] {"list/a", "list/b", "list/c"}) {
            Digest c = registry.pushBlob(repo, config);
            byte[] manifest = Manifests.image(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, c, config.length, null, 0, null);
            for (String tag : new String[] {"v4", "v1", "v3", "v2"}) {
                registry.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, manifest);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
    }

    @Test
    void tagsAreListedSorted() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/list/a/tags/list");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(r)).isEqualTo("{\"name\":\"list/a\",\"tags\":[\"v1\",\"v2\",\"v3\",\"v4\"]}");
        assertThat(r.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void nAndLastPageWithALinkToTheNextPage() throws Exception {
        HttpResponse<byte[]> first = registry.get("/v2/list/a/tags/list?n=2");
        assertThat(text(first)).isEqualTo("{\"name\":\"list/a\",\"tags\":[\"v1\",\"v2\"]}");
        assertThat(first.headers().firstValue("Link")).hasValue("</v2/list/a/tags/list?n=2&last=v2>; rel=\"next\"");
        HttpResponse<byte[]> second = registry.get("/v2/list/a/tags/list?n=2&last=v2");
        assertThat(text(second)).isEqualTo("{\"name\":\"list/a\",\"tags\":[\"v3\",\"v4\"]}");
        assertThat(second.headers().firstValue("Link")).isEmpty();
        assertThat(text(registry.get("/v2/list/a/tags/list?last=v3"))).isEqualTo("{\"name\":\"list/a\",\"tags\":[\"v4\"]}");
        assertThat(text(registry.get("/v2/list/a/tags/list?n=0"))).isEqualTo("{\"name\":\"list/a\",\"tags\":[]}");
    }

    @Test
    void badNIs400() throws Exception {
        assertThat(registry.get("/v2/list/a/tags/list?n=-1").statusCode()).isEqualTo(400);
        assertThat(registry.get("/v2/list/a/tags/list?n=many").statusCode()).isEqualTo(400);
    }

    @Test
    void unknownRepositoryIs404NameUnknown() throws Exception {
        HttpResponse<byte[]> r = registry.get("/v2/list/none/tags/list");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(text(r)).contains("NAME_UNKNOWN");
    }

    @Test
    void catalogListsRepositoriesPaged() throws Exception {
        assertThat(text(registry.get("/v2/_catalog"))).isEqualTo("{\"repositories\":[\"list/a\",\"list/b\",\"list/c\"]}");
        HttpResponse<byte[]> page = registry.get("/v2/_catalog?n=1&last=list/a");
        assertThat(text(page)).isEqualTo("{\"repositories\":[\"list/b\"]}");
        assertThat(page.headers().firstValue("Link")).hasValue("</v2/_catalog?n=1&last=list%2Fb>; rel=\"next\"");
    }

    @Test
    void catalogPagesFollowDistributionsOrderWithSlashFirst(@TempDir Path own) throws Exception {
        try (TestRegistry fresh = new TestRegistry(own)) {
            byte[] blob = "x".getBytes(StandardCharsets.UTF_8);
            for (String repo : new String[] {"order/a-c", "order/a/b", "order/a", "order/b/c/d", "order/a.b"}) {
                fresh.pushBlob(repo, blob);
            }
            assertThat(text(fresh.get("/v2/_catalog")))
                    .isEqualTo("{\"repositories\":[\"order/a\",\"order/a/b\",\"order/a-c\",\"order/a.b\",\"order/b/c/d\"]}");
            HttpResponse<byte[]> first = fresh.get("/v2/_catalog?n=2");
            assertThat(text(first)).isEqualTo("{\"repositories\":[\"order/a\",\"order/a/b\"]}");
            assertThat(first.headers().firstValue("Link")).hasValue("</v2/_catalog?n=2&last=order%2Fa%2Fb>; rel=\"next\"");
            HttpResponse<byte[]> second = fresh.get("/v2/_catalog?n=2&last=order%2Fa%2Fb");
            assertThat(text(second)).isEqualTo("{\"repositories\":[\"order/a-c\",\"order/a.b\"]}");
            HttpResponse<byte[]> third = fresh.get("/v2/_catalog?n=2&last=order%2Fa.b");
            assertThat(text(third)).isEqualTo("{\"repositories\":[\"order/b/c/d\"]}");
            assertThat(third.headers().firstValue("Link")).isEmpty();
            assertThat(text(fresh.get("/v2/_catalog?n=0"))).isEqualTo("{\"repositories\":[]}");
        }
    }
}
