package dev.gantry.oci;

import dev.gantry.error.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.gantry.oci.MediaTypes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaTypesTest {

    @ParameterizedTest
    @CsvSource({
            "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.container.image.v1+json, application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.image.rootfs.diff.tar, application/vnd.oci.image.layer.v1.tar",
            "application/vnd.docker.image.rootfs.diff.tar.gzip, application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip, application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    })
    void mapsEveryDockerTypeToItsOciTwinAndBack(String docker, String oci) {
        assertThat(toOci(docker)).isEqualTo(oci);
        assertThat(toDocker(oci)).isEqualTo(docker);
        assertThat(toOci(oci)).as("OCI stays OCI").isEqualTo(oci);
        assertThat(toDocker(docker)).as("Docker stays Docker").isEqualTo(docker);
        assertThat(isDocker(docker)).isTrue();
        assertThat(isDocker(oci)).isFalse();
    }

    @Test
    void constantsSpellTheRegisteredTypes() {
        assertThat(OCI_MANIFEST).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(OCI_INDEX).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(OCI_CONFIG).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(OCI_LAYER_ZSTD).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(OCI_EMPTY).isEqualTo("application/vnd.oci.empty.v1+json");
        assertThat(DOCKER_MANIFEST).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(DOCKER_MANIFEST_LIST).isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {OCI_LAYER_ZSTD, OCI_LAYER_NONDIST_ZSTD, OCI_LAYER_NONDIST})
    void ociOnlyLayerTypesToDockerFailNamingTheTypeAndTheWayOut(String type) {
        assertThatThrownBy(() -> toDocker(type))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining(type)
                .hasMessageContaining("no Docker schema2 equivalent")
                .hasMessageContaining("oci");
    }

    @Test
    void schema1ToOciFailsAsUnsupported() {
        assertThatThrownBy(() -> toOci(DOCKER_SCHEMA1)).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("schema1");
        assertThatThrownBy(() -> toOci(DOCKER_SCHEMA1_SIGNED)).isInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void unknownAndNullTypesPassThrough() {
        assertThat(toOci(null)).isNull();
        assertThat(toDocker(null)).isNull();
        assertThat(toOci("application/vnd.cncf.helm.config.v1+json")).isEqualTo("application/vnd.cncf.helm.config.v1+json");
        assertThat(toDocker(OCI_EMPTY)).isEqualTo(OCI_EMPTY);
    }

    @Test
    void classifiesIndexesManifestsAndSchema1() {
        assertThat(isIndex(OCI_INDEX)).isTrue();
        assertThat(isIndex(DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(isIndex(OCI_MANIFEST)).isFalse();
        assertThat(isIndex(null)).isFalse();

        assertThat(isImageManifest(OCI_MANIFEST)).isTrue();
        assertThat(isImageManifest(DOCKER_MANIFEST)).isTrue();
        assertThat(isImageManifest(OCI_INDEX)).isFalse();
        assertThat(isImageManifest(DOCKER_SCHEMA1)).isFalse();

        assertThat(isManifest(OCI_INDEX)).isTrue();
        assertThat(isManifest(DOCKER_MANIFEST)).isTrue();
        assertThat(isManifest(OCI_CONFIG)).isFalse();
        assertThat(isManifest(OCI_LAYER_GZIP)).isFalse();

        assertThat(isSchema1(DOCKER_SCHEMA1)).isTrue();
        assertThat(isSchema1(DOCKER_SCHEMA1_SIGNED)).isTrue();
        assertThat(isSchema1(DOCKER_MANIFEST)).isFalse();
        assertThat(isSchema1(null)).isFalse();
    }

    @Test
    void recognisesNonDistributableLayers() {
        assertThat(isNonDistributable(OCI_LAYER_NONDIST)).isTrue();
        assertThat(isNonDistributable(OCI_LAYER_NONDIST_GZIP)).isTrue();
        assertThat(isNonDistributable(OCI_LAYER_NONDIST_ZSTD)).isTrue();
        assertThat(isNonDistributable(DOCKER_FOREIGN_LAYER_GZIP)).isTrue();
        assertThat(isNonDistributable(OCI_LAYER_GZIP)).isFalse();
        assertThat(isNonDistributable(DOCKER_LAYER_GZIP)).isFalse();
        assertThat(isNonDistributable(null)).isFalse();
    }
}
