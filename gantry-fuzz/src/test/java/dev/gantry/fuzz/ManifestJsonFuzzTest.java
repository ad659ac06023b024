package dev.gantry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gantry.copy.ManifestConverter;
import dev.gantry.error.GantryException;
import dev.gantry.error.UnsupportedFormatException;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.ImageConfig;
import dev.gantry.oci.Json;
import dev.gantry.oci.Manifests;
import dev.gantry.oci.MediaTypes;
import dev.gantry.oci.ParsedManifest;
import dev.gantry.oci.Platform;
import dev.gantry.transport.ManifestFormat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manifest, index and config JSON through the one manifest gate ({@link Manifests#parse}) and
 * the config reader. A document is refused with a typed error or accepted as exactly one of
 * image manifest or index with valid descriptors; an accepted one converts to the other format
 * family (as a copy with --format does) into a document the gate accepts again. Seeds: umoci's
 * index and manifest, skopeo's Docker schema2 manifest, two-platform indexes and an OCI 1.1
 * referrer, the configs of umoci, skopeo and the hand-made image.
 */
class ManifestJsonFuzzTest {
    /** What a document may be named as: nothing, or a descriptor's or Content-Type's manifest type. */
    private static final List<String> HINTS = Arrays.asList(null, MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST,
            MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);

    @FuzzTest
    void manifest(byte[] raw) {
        for (String hint : HINTS) {
            ParsedManifest parsed;
            try {
                parsed = Manifests.parse(raw, hint, "fuzzed manifest");
            } catch (GantryException refused) {
                continue;
            }
            assertThat(parsed.raw()).isSameAs(raw);
            assertThat(parsed.isIndex()).isEqualTo(parsed.index() != null).isEqualTo(parsed.manifest() == null);
            assertThat(parsed.isIndex() ? MediaTypes.isIndex(parsed.mediaType()) : MediaTypes.isImageManifest(parsed.mediaType()))
                    .as("media type %s of a%s", parsed.mediaType(), parsed.isIndex() ? "n index" : "n image manifest").isTrue();
            assertThat(parsed.descriptor().digest().matches(raw)).isTrue();
            if (parsed.isIndex()) {
                parsed.index().manifests().forEach(ManifestJsonFuzzTest::assertValid);
                convertsAndParsesAgain(raw, parsed, ManifestFormat.OCI);
                convertsAndParsesAgain(raw, parsed, ManifestFormat.DOCKER);
            } else {
                assertValid(parsed.manifest().config());
                parsed.manifest().layers().forEach(ManifestJsonFuzzTest::assertValid);
                convertsAndParsesAgain(raw, parsed, ManifestFormat.OCI);
                convertsAndParsesAgain(raw, parsed, ManifestFormat.DOCKER);
            }
        }
    }

    private static void assertValid(Descriptor d) {
        assertThat(d).isNotNull();
        assertThat(d.mediaType()).isNotBlank();
        assertThat(d.digest()).isNotNull();
        assertThat(d.size()).isNotNegative();
    }

    private static void convertsAndParsesAgain(byte[] raw, ParsedManifest parsed, ManifestFormat format) {
        byte[] converted;
        try {
            converted = parsed.isIndex()
                    ? ManifestConverter.convertIndex(raw, format, Map.of())
                    : ManifestConverter.convertImage(raw, format);
        } catch (UnsupportedFormatException inexpressible) {
            return; // e.g. a zstd layer or an OCI 1.1 subject has no Docker schema2 form
        }
        ParsedManifest again = Manifests.parse(converted, null, "converted manifest");
        assertThat(again.isIndex()).isEqualTo(parsed.isIndex());
        if (parsed.isIndex()) {
            assertThat(again.index().manifests()).extracting(Descriptor::digest)
                    .containsExactlyElementsOf(parsed.index().manifests().stream().map(Descriptor::digest).toList());
        } else {
            assertThat(again.manifest().config().digest()).isEqualTo(parsed.manifest().config().digest());
            assertThat(again.manifest().layers()).extracting(Descriptor::digest)
                    .containsExactlyElementsOf(parsed.manifest().layers().stream().map(Descriptor::digest).toList());
        }
    }

    @FuzzTest
    void config(byte[] raw) {
        ImageConfig config;
        try {
            config = Json.parse(raw, ImageConfig.class, "fuzzed config");
        } catch (GantryException refused) {
            return;
        }
        assertThat(config.diffIds()).isNotNull();
        if (config.os() != null && config.architecture() != null) {
            String platform = config.os() + "/" + config.architecture() + (config.variant() != null ? "/" + config.variant() : "");
            try {
                Platform.parse(platform);
            } catch (GantryException refused) {
                // a config may name a platform Gantry cannot select by; the refusal is typed
            }
        }
    }
}
