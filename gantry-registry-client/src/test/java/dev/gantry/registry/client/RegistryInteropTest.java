package dev.gantry.registry.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.copy.CopyListener;
import dev.gantry.copy.CopyOptions;
import dev.gantry.copy.ImageCopier;
import dev.gantry.error.DigestMismatchException;
import dev.gantry.error.NotFoundException;
import dev.gantry.image.Image;
import dev.gantry.image.Images;
import dev.gantry.image.Index;
import dev.gantry.image.PlatformSelector;
import dev.gantry.oci.Descriptor;
import dev.gantry.oci.Platform;
import dev.gantry.ref.Reference;
import dev.gantry.testing.DockerRegistry;
import dev.gantry.testing.Fixtures;
import dev.gantry.transport.ImageSource;
import dev.gantry.transport.ImageTarget;
import dev.gantry.transport.RemoteOptions;
import dev.gantry.transport.TransportRef;
import dev.gantry.transport.Transports;
import dev.gantry.validate.ImageValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gantry against the real CNCF registry, checked both ways with skopeo. One registry serves the whole class. */
class RegistryInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RemoteOptions INSECURE = new RemoteOptions(true, null);

    @TempDir
    static Path shared;
    static DockerRegistry registry;
    static Path umoci;

    @BeforeAll
    static void start() throws IOException {
        registry = DockerRegistry.start(shared);
        umoci = Fixtures.umociLayout(shared);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String docker(String repoAndTag) {
        return "docker://" + registry.host() + "/" + repoAndTag;
    }

    private static Descriptor copy(String from, String to, CopyOptions options) throws IOException {
        try (ImageSource source = Transports.openSource(TransportRef.parse(from), INSECURE);
             ImageTarget target = Transports.openTarget(TransportRef.parse(to), options.format(), INSECURE)) {
            return new ImageCopier(source, target, options).copy();
        }
    }

    private static String skopeoDigest(String ref) throws IOException {
        String out = registry.skopeo(null, "inspect", "--tls-verify=false", ref).stdout();
        return JSON.readTree(out).path("Digest").asText();
    }

    @Test
    void imagePushedByGantryIsReadBySkopeoWithTheSameDigest(@TempDir Path out) throws IOException {
        Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, docker("pushed/by-gantry:v1"), CopyOptions.defaults());

        assertThat(skopeoDigest(docker("pushed/by-gantry:v1"))).isEqualTo(pushed.digest().toString());
        registry.skopeo(null, "copy", "--src-tls-verify=false", docker("pushed/by-gantry:v1"), "oci:" + out.resolve("back") + ":back");
        try (ImageSource back = Transports.openSource(TransportRef.parse("oci:" + out.resolve("back") + ":back"))) {
            assertThat(back.root().digest()).isEqualTo(pushed.digest());
        }
    }

    @Test
    void imagePushedBySkopeoIsPulledByGantryAndValidates(@TempDir Path out) throws IOException {
        registry.skopeo(null, "copy", "--dest-tls-verify=false", "oci:" + umoci + ":" + Fixtures.TAG, docker("pushed/by-skopeo:v2"));
        String expected = skopeoDigest(docker("pushed/by-skopeo:v2"));

        Descriptor pulled = copy(docker("pushed/by-skopeo:v2"), "oci:" + out.resolve("pulled") + ":v2", CopyOptions.defaults());

        assertThat(pulled.digest().toString()).isEqualTo(expected);
        try (ImageSource local = Transports.openSource(TransportRef.parse("oci:" + out.resolve("pulled") + ":v2"))) {
            assertThat(new ImageValidator(local, false).validate().ok()).isTrue();
        }
    }

    @Test
    void multiPlatformIndexIsCopiedWholeWithAllAndResolvedPerPlatform(@TempDir Path out) throws IOException {
        Path multi = Fixtures.multiPlatformLayout(out, umoci, false);
        String ref = docker("multi/arch:all");
        Descriptor pushed = copy("oci:" + multi + ":" + Fixtures.MULTI_TAG, ref, new CopyOptions(true, null, null, 3, CopyListener.NONE));

        assertThat(skopeoDigest(ref)).isEqualTo(pushed.digest().toString());
        String raw = registry.skopeo(null, "inspect", "--raw", "--tls-verify=false", ref).stdout();
        assertThat(JSON.readTree(raw).path("manifests")).hasSize(2);
        try (ImageSource source = Transports.openSource(TransportRef.parse(ref), INSECURE)) {
            Index index = (Index) Images.open(source);
            Image arm = PlatformSelector.select(index, Platform.parse("linux/arm64/v8"));
            Image amd = PlatformSelector.select(index, Platform.parse("linux/amd64"));
            assertThat(arm.config().architecture()).isEqualTo("arm64");
            assertThat(amd.config().architecture()).isEqualTo("amd64");
            assertThat(arm.descriptor().digest()).isNotEqualTo(amd.descriptor().digest());
        }
        // skopeo reads every child by itself too
        registry.skopeo(null, "copy", "--all", "--src-tls-verify=false", ref, "oci:" + out.resolve("skopeo-all") + ":all");
    }

    @Test
    void aPullOfAnIndexWithoutPlatformTakesThisHostsImage(@TempDir Path out) throws IOException {
        String arch = Platform.host().architecture();
        // Not a peer (PeerRequirement): no package gives this host another architecture.
        org.junit.jupiter.api.Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("arm64"),
                "the fixture index has linux/amd64 and linux/arm64/v8 images; this host is " + arch);
        String ref = docker("multi/host:v1");
        copy("oci:" + Fixtures.multiPlatformLayout(out, umoci, false) + ":" + Fixtures.MULTI_TAG, ref,
                new CopyOptions(true, null, null, 3, CopyListener.NONE));
        String hostDigest = "";
        for (var entry : JSON.readTree(registry.skopeo(null, "inspect", "--raw", "--tls-verify=false", ref).stdout()).path("manifests")) {
            if (entry.path("platform").path("architecture").asText().equals(arch)) {
                hostDigest = entry.path("digest").asText();
            }
        }

        Descriptor pulled = copy(ref, "oci:" + out.resolve("pulled") + ":v1", CopyOptions.defaults());

        assertThat(pulled.digest().toString()).isEqualTo(hostDigest);
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + out.resolve("pulled") + ":v1"))) {
            assertThat(((Image) Images.open(source)).config().architecture()).isEqualTo(arch);
        }
    }

    @Test
    void registryToRegistryCopyMountsBlobsAndKeepsTheDigest() throws IOException {
        Descriptor first = copy("oci:" + umoci + ":" + Fixtures.TAG, docker("mount/source:v1"), CopyOptions.defaults());
        AtomicInteger copied = new AtomicInteger();
        CopyListener counting = new CopyListener() {
            @Override
            public void copied(Descriptor blob) {
                copied.incrementAndGet();
            }
        };

        Descriptor second;
        int mounted;
        Reference targetRef = Reference.parse(registry.host() + "/mount/target:v1");
        try (ImageSource source = Transports.openSource(TransportRef.parse(docker("mount/source:v1")), INSECURE);
             RegistryTarget target = (RegistryTarget) new RegistryTransportProvider().openTarget(targetRef, INSECURE)) {
            second = new ImageCopier(source, target, new CopyOptions(false, null, null, 3, counting)).copy();
            mounted = target.mounted();
        }

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(copied.get()).isGreaterThan(0);
        assertThat(mounted).as("config and layers mounted, none uploaded").isEqualTo(copied.get());
        assertThat(skopeoDigest(docker("mount/target:v1"))).isEqualTo(first.digest().toString());
    }

    @Test
    void blobsAboveTheMonolithicLimitGoUpStreamedInOnePatch() throws IOException {
        Reference ref = Reference.parse(registry.host() + "/streamed/image:v1");
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + umoci + ":" + Fixtures.TAG));
             ImageTarget target = new RegistryTarget(RegistryTransportProvider.client(ref, INSECURE), ref, new UploadPolicy(16, 100, false))) {
            Descriptor pushed = new ImageCopier(source, target, CopyOptions.defaults()).copy();
            assertThat(skopeoDigest("docker://" + ref)).isEqualTo(pushed.digest().toString());
        }
    }

    @Test
    void chunkedUploadsWhenConfiguredGoUpInChunksWithContentRange() throws IOException {
        Reference ref = Reference.parse(registry.host() + "/chunked/image:v1");
        try (ImageSource source = Transports.openSource(TransportRef.parse("oci:" + umoci + ":" + Fixtures.TAG));
             ImageTarget target = new RegistryTarget(RegistryTransportProvider.client(ref, INSECURE), ref, UploadPolicy.chunked(16, 100))) {
            Descriptor pushed = new ImageCopier(source, target, CopyOptions.defaults()).copy();
            assertThat(skopeoDigest("docker://" + ref)).isEqualTo(pushed.digest().toString());
        }
    }

    @Test
    void missingTagSaysWhichTagsExist() throws IOException {
        copy("oci:" + umoci + ":" + Fixtures.TAG, docker("tagged/repo:present"), CopyOptions.defaults());

        assertThatThrownBy(() -> {
            try (ImageSource source = Transports.openSource(TransportRef.parse(docker("tagged/repo:v9")), INSECURE)) {
                source.root();
            }
        }).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("tag v9 not found in " + registry.host() + "/tagged/repo")
                .hasMessageContaining("MANIFEST_UNKNOWN")
                .hasMessageContaining("tags: present");
    }

    @Test
    void missingRepositoryIsNamed() {
        assertThatThrownBy(() -> {
            try (ImageSource source = Transports.openSource(TransportRef.parse(docker("no/such-repo:v1")), INSECURE)) {
                source.root();
            }
        }).isInstanceOf(NotFoundException.class).hasMessageContaining("no/such-repo");
    }

    @Test
    void tagsAndCatalogFollowLinkPagination() throws IOException {
        copy("oci:" + umoci + ":" + Fixtures.TAG, docker("paged/a:one"), CopyOptions.defaults());
        copy(docker("paged/a:one"), docker("paged/a:two"), CopyOptions.defaults());
        copy(docker("paged/a:one"), docker("paged/b:one"), CopyOptions.defaults());
        RegistryClient client = RegistryTransportProvider.client(Reference.parse(registry.host() + "/paged/a"), INSECURE);

        assertThat(client.tags()).containsExactlyInAnyOrder("one", "two");
        List<String> catalog = RegistryClient.catalog(client.session(), 1);
        assertThat(catalog).contains("paged/a", "paged/b").doesNotHaveDuplicates();
    }

    @Test
    void blobWhoseBytesDoNotMatchItsDigestIsRefusedAndNothingIsKept(@TempDir Path out) throws IOException {
        // Its own registry: the damaged blob must not spoil the layers the other tests share.
        try (DockerRegistry damaged = DockerRegistry.start(out)) {
            String ref = "docker://" + damaged.host() + "/tampered/image:v1";
            Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, ref, CopyOptions.defaults());
            Image image;
            try (ImageSource source = Transports.openSource(TransportRef.parse(ref), INSECURE)) {
                image = (Image) Images.open(source);
                assertThat(image.descriptor().digest()).isEqualTo(pushed.digest());
            }
            Descriptor layer = image.manifest().layers().getFirst();
            Path data = damaged.blobData(layer.digest().toString());
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x5a; // same size, different content
            Files.write(data, bytes);
            Path layout = out.resolve("pulled");

            assertThatThrownBy(() -> copy(ref, "oci:" + layout + ":v1", CopyOptions.defaults()))
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessageContaining(layer.digest().toString());
            assertThat(Fixtures.blob(layout, layer.digest().toString())).doesNotExist();
            assertThat(Files.readString(layout.resolve("index.json"))).as("no image tagged").doesNotContain("digest");
        }
    }

    @Test
    void pushedBlobThatDoesNotMatchItsDescriptorNeverReachesTheRegistry() throws IOException {
        Reference ref = Reference.parse(registry.host() + "/refused/blob");
        RegistryClient client = RegistryTransportProvider.client(ref, INSECURE);
        byte[] content = "the real bytes".getBytes();
        Descriptor lying = new Descriptor("application/octet-stream", dev.gantry.digest.Digest.sha256("other bytes!!!".getBytes()),
                content.length);

        for (UploadPolicy policy : List.of(UploadPolicy.DEFAULT, new UploadPolicy(0, 5, false), UploadPolicy.chunked(0, 5))) {
            assertThatThrownBy(() -> client.putBlob(lying, new java.io.ByteArrayInputStream(content), policy))
                    .isInstanceOf(DigestMismatchException.class);
            assertThat(client.hasBlob(lying.digest())).isFalse();
            assertThat(client.hasBlob(dev.gantry.digest.Digest.sha256(content))).isFalse();
        }
    }

    @Test
    void aConnectionDroppedMidBlobResumesWithRangeAndTheBytesStillVerify() throws IOException {
        byte[] content = new byte[3 << 20];
        new java.util.Random(42).nextBytes(content);
        Descriptor blob = new Descriptor("application/vnd.oci.image.layer.v1.tar", dev.gantry.digest.Digest.sha256(content), content.length);
        RegistryTransportProvider.client(Reference.parse(registry.host() + "/cut/blob"), INSECURE)
                .putBlob(blob, new java.io.ByteArrayInputStream(content), UploadPolicy.DEFAULT);
        int port = Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1));

        // The first connections are the https probes and the ping; later ones carry the blob and are cut at 1.5 MiB.
        try (CuttingProxy proxy = new CuttingProxy(port, 3 << 19, 5)) {
            Reference ref = Reference.parse(proxy.host() + "/cut/blob:none");
            RegistrySource source = new RegistrySource(RegistryTransportProvider.client(ref, INSECURE), ref);
            byte[] read;
            try (InputStream in = new dev.gantry.digest.VerifyingInputStream(source.openBlob(blob), blob.digest(), blob.size(), "cut blob")) {
                read = in.readAllBytes();
            }
            assertThat(read).isEqualTo(content);
            assertThat(proxy.cutsMade.get()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anArtifactWithASubjectIsListedUnderTheFallbackTagWhenTheRegistryLacksTheReferrersApi() throws IOException {
        Descriptor image = copy("oci:" + umoci + ":" + Fixtures.TAG, docker("refs/image:v1"), CopyOptions.defaults());
        Reference ref = Reference.parse(registry.host() + "/refs/image");
        byte[] empty = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String emptyDigest = dev.gantry.digest.Digest.sha256(empty).toString();
        byte[] sbom = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/vnd.example.sbom\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + emptyDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + emptyDigest + "\",\"size\":2}],\"subject\":{\"mediaType\":\"" + image.mediaType()
                + "\",\"digest\":\"" + image.digest() + "\",\"size\":" + image.size() + "},"
                + "\"annotations\":{\"org.example.kind\":\"sbom\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Descriptor sbomDescriptor = new Descriptor("application/vnd.oci.image.manifest.v1+json", dev.gantry.digest.Digest.sha256(sbom), sbom.length);

        try (RegistryTarget target = (RegistryTarget) new RegistryTransportProvider().openTarget(ref, INSECURE)) {
            Descriptor emptyBlob = new Descriptor("application/vnd.oci.empty.v1+json", dev.gantry.digest.Digest.sha256(empty), 2);
            target.putBlob(emptyBlob, new java.io.ByteArrayInputStream(empty));
            target.putManifest(sbomDescriptor, sbom);
            target.putManifest(sbomDescriptor, sbom); // twice: listed once
        }

        RegistryClient client = RegistryTransportProvider.client(ref, INSECURE);
        String fallback = image.digest().toString().replace(':', '-');
        assertThat(client.tags()).contains(fallback);
        assertThat(client.referrers(image.digest())).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(sbomDescriptor.digest());
            assertThat(d.artifactType()).isEqualTo("application/vnd.example.sbom");
        });
        String raw = registry.skopeo(null, "inspect", "--raw", "--tls-verify=false", docker("refs/image:" + fallback)).stdout();
        assertThat(raw).contains(sbomDescriptor.digest().toString(), "org.example.kind");
        assertThat(client.referrers(sbomDescriptor.digest())).isEmpty();
    }

    @Test
    void retagAndDeleteWorkWithoutMovingLayers() throws IOException {
        Descriptor pushed = copy("oci:" + umoci + ":" + Fixtures.TAG, docker("retag/image:old"), CopyOptions.defaults());
        RegistryClient client = RegistryTransportProvider.client(Reference.parse(registry.host() + "/retag/image"), INSECURE);

        ManifestResponse manifest = client.getManifest("old");
        client.putManifest("new", manifest.descriptor(), manifest.raw());
        assertThat(skopeoDigest(docker("retag/image:new"))).isEqualTo(pushed.digest().toString());

        client.deleteManifest(pushed.digest());
        assertThat(client.headManifest("new")).isEmpty();
        assertThat(client.headManifest(pushed.digest().toString())).isEmpty();
    }
}
