package dev.gantry.runtime.network;

import dev.gantry.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --network and -p as docker and podman users type them, and where the CNI plugins are looked for. */
class NetworkSettingsParsingTest {
    @Test
    void networkNamesDockerAndBuildahUseMapToTheThreeModes() {
        assertThat(NetworkMode.parse("bridge")).isEqualTo(NetworkMode.BRIDGE);
        assertThat(NetworkMode.parse("default")).isEqualTo(NetworkMode.BRIDGE);
        assertThat(NetworkMode.parse("private")).isEqualTo(NetworkMode.BRIDGE);
        assertThat(NetworkMode.parse("HOST")).isEqualTo(NetworkMode.HOST);
        assertThat(NetworkMode.parse("none")).isEqualTo(NetworkMode.NONE);
        assertThatThrownBy(() -> NetworkMode.parse("slirp4netns")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("use bridge (the default), host or none");
    }

    @Test
    void publishedPortsTakeDockersForms() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping(null, 8080, 80, "tcp"));
        assertThat(PortMapping.parse("127.0.0.1:8080:80/udp")).isEqualTo(new PortMapping("127.0.0.1", 8080, 80, "udp"));
        assertThat(PortMapping.parse("127.0.0.1:8080:80").toString()).isEqualTo("127.0.0.1:8080:80/tcp");
    }

    @Test
    void rejectsPortFormsItCannotPublish() {
        for (String bad : List.of("80", "8000-8010:80-90", "[::1]:8080:80", "0:80", "8080:70000", "8080:80/sctp", "300.0.0.1:1:2")) {
            assertThatThrownBy(() -> PortMapping.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void loopbackNameserversAreDroppedAndThePublicFallbackUsedWhenNoneRemain() {
        assertThat(NetworkFiles.withoutLoopbackNameservers("search example.org\nnameserver 127.0.0.53\nnameserver 192.0.2.53\n"))
                .isEqualTo("search example.org\nnameserver 192.0.2.53\n");
        assertThat(NetworkFiles.withoutLoopbackNameservers("nameserver 127.0.0.1\nnameserver ::1\noptions edns0\n"))
                .startsWith("options edns0\n").contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n").doesNotContain("127.0.0.1");
        assertThat(NetworkFiles.onlyLoopbackNameservers("nameserver 127.0.0.53\n")).isTrue();
        assertThat(NetworkFiles.onlyLoopbackNameservers("nameserver 127.0.0.53\nnameserver 10.0.0.1\n")).isFalse();
    }

    @Test
    void hostsNamesTheContainerOnItsAddressAndTheHostOnTheGateway() {
        assertThat(NetworkFiles.hosts("abc", "10.89.0.5", "10.89.0.1"))
                .contains("127.0.0.1\tlocalhost\n").contains("10.89.0.5\tabc\n")
                .contains("10.89.0.1\thost.containers.internal host.gantry.internal\n");
    }

    @Test
    void cniPathOverridesTheDefaultPluginDirectories() {
        assertThat(BridgeNetwork.pluginDirs(Map.of())).isEqualTo(BridgeNetwork.DEFAULT_PLUGIN_DIRS);
        assertThat(BridgeNetwork.pluginDirs(Map.of("CNI_PATH", "/a:/b"))).containsExactly(Path.of("/a"), Path.of("/b"));
    }

    @Test
    void aMissingPluginNamesItselfTheDirectoriesAndThePackage() {
        BridgeNetwork network = new BridgeNetwork("t", "t0", "10.89.9.0/24", "10.89.9.1", List.of(Path.of("/nonexistent-cni")));
        assertThatThrownBy(() -> network.plugin("bridge")).isInstanceOf(NetworkSetupException.class)
                .hasMessage("the CNI plugin 'bridge' is not installed (looked in /nonexistent-cni): apt-get install "
                        + "containernetworking-plugins, or run with --network host or --network none");
    }
}
