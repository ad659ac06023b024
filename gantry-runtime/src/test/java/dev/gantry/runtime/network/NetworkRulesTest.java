package dev.gantry.runtime.network;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkRulesTest {
    private static final BridgeNetwork NETWORK = new BridgeNetwork("gantry", "gantry0", "10.89.0.0/24", "10.89.0.1",
            List.of(Path.of("/usr/lib/cni")));

    @Test
    void addsEveryRuleToTablesThatHaveNone() {
        String saved = "*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n*nat\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n";

        assertThat(NetworkRules.missing(NetworkRules.rules(NETWORK), saved)).isEqualTo("""
                *nat
                -A POSTROUTING -s 10.89.0.0/24 ! -d 10.89.0.0/24 -m comment --comment "gantry network gantry: masquerade" -j MASQUERADE
                COMMIT
                *filter
                -I FORWARD -i gantry0 -m comment --comment "gantry network gantry: from the bridge" -j ACCEPT
                -I FORWARD -o gantry0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "gantry network gantry: replies" -j ACCEPT
                COMMIT
                """);
    }

    @Test
    void addsNothingWhenIptablesSaveListsThemAll() {
        // As iptables-save prints them back (matches reordered), found by their comments.
        String saved = """
                *nat
                -A POSTROUTING -s 10.89.0.0/24 ! -d 10.89.0.0/24 -m comment --comment "gantry network gantry: masquerade" -j MASQUERADE
                COMMIT
                *filter
                -A FORWARD -o gantry0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "gantry network gantry: replies" -j ACCEPT
                -A FORWARD -i gantry0 -m comment --comment "gantry network gantry: from the bridge" -j ACCEPT
                COMMIT
                """;

        assertThat(NetworkRules.missing(NetworkRules.rules(NETWORK), saved)).isEmpty();
    }

    @Test
    void aRuleCountsOnlyInItsOwnTableAndForItsOwnNetwork() {
        // The masquerade comment in the filter table, and another network's rules, do not stand for this one's.
        String saved = """
                *filter
                -A FORWARD -m comment --comment "gantry network gantry: masquerade" -j ACCEPT
                -A FORWARD -i other0 -m comment --comment "gantry network other: from the bridge" -j ACCEPT
                -A FORWARD -i gantry0 -m comment --comment "gantry network gantry: from the bridge" -j ACCEPT
                -A FORWARD -o gantry0 -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "gantry network gantry: replies" -j ACCEPT
                COMMIT
                *nat
                -A POSTROUTING -m comment --comment "gantry network gantry: masqueraded" -j MASQUERADE
                COMMIT
                """;

        assertThat(NetworkRules.missing(NetworkRules.rules(NETWORK), saved)).isEqualTo("""
                *nat
                -A POSTROUTING -s 10.89.0.0/24 ! -d 10.89.0.0/24 -m comment --comment "gantry network gantry: masquerade" -j MASQUERADE
                COMMIT
                """);
    }
}
