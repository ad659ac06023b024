package dev.gantry.runtime.cstore;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreSpecTest {
    @Test
    void readsSkopeosBracketedStore() throws Exception {
        StoreSpec spec = StoreSpec.parse("[vfs@/x/root+/x/run]busybox:1");
        assertThat(spec).isEqualTo(new StoreSpec("vfs", Path.of("/x/root"), Path.of("/x/run"), "busybox:1"));
        assertThat(spec.layerContent("abc")).isEqualTo(Path.of("/x/root/vfs/dir/abc"));
        assertThat(StoreSpec.parse("[overlay@/x/root+/x/run]a").layerContent("abc")).isEqualTo(Path.of("/x/root/overlay/abc/diff"));
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertThatThrownBy(() -> StoreSpec.parse("[btrfs@/x+/y]a")).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("btrfs");
        assertThatThrownBy(() -> StoreSpec.parse("[vfs@/x+/y:mountopt=nodev]a")).isInstanceOf(UnsupportedFormatException.class);
        assertThatThrownBy(() -> StoreSpec.parse("[vfs@relative+/y]a")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> StoreSpec.parse("[vfs@/x+/y]")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names no image");
        assertThatThrownBy(() -> StoreSpec.parse("[vfs@/x+/y")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void namesAreLookedUpAsPodmanStoresThem() {
        assertThat(StoreImages.candidateNames("busybox")).containsExactly("busybox", "docker.io/library/busybox:latest",
                "localhost/busybox:latest");
        assertThat(StoreImages.candidateNames("gantry/app:v1")).containsExactly("gantry/app:v1", "docker.io/gantry/app:v1",
                "localhost/gantry/app:v1");
        assertThat(StoreImages.candidateNames("quay.io/a/b:1")).containsExactly("quay.io/a/b:1");
    }

    @Test
    void anImageIsFoundByIdByNameAndByAUniqueIdPrefix() throws Exception {
        com.fasterxml.jackson.databind.node.ArrayNode images = (com.fasterxml.jackson.databind.node.ArrayNode)
                dev.gantry.oci.Json.mapper().readTree("""
                        [{"id": "%s", "names": ["localhost/gantry/app:v1"]},
                         {"id": "%s", "names": ["docker.io/library/busybox:latest"]}]
                        """.formatted("ab".repeat(32), "abac".repeat(16)));
        assertThat(StoreImages.find(images, "gantry/app:v1").path("id").asText()).isEqualTo("ab".repeat(32));
        assertThat(StoreImages.find(images, "busybox").path("id").asText()).isEqualTo("abac".repeat(16));
        assertThat(StoreImages.find(images, "@" + "abac".repeat(16)).path("names").get(0).asText()).contains("busybox");
        assertThat(StoreImages.find(images, "abab").path("id").asText()).isEqualTo("ab".repeat(32));
        assertThat(StoreImages.find(images, "gantry/none:v1")).isNull();
        assertThat(StoreImages.find(images, "ab")).as("too short to be an ID prefix").isNull();
        assertThatThrownBy(() -> StoreImages.find(images, "aba")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than one image");
    }

    @Test
    void bigDataFilesAreNamedAsContainersStorageNamesThem() {
        assertThat(StoreJson.bigDataFile("manifest")).isEqualTo("manifest");
        // From a store podman wrote: the config's key.
        assertThat(StoreJson.bigDataFile("sha256:3dd9bf135aa521503a3893a19d20cac2efd5ee03a5b5cc75ee1faa31fd23f5d3"))
                .isEqualTo("=c2hhMjU2OjNkZDliZjEzNWFhNTIxNTAzYTM4OTNhMTlkMjBjYWMyZWZkNWVlMDNhNWI1Y2M3NWVlMWZhYTMxZmQyM2Y1ZDM=");
    }
}
