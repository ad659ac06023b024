package dev.gantry.analysis.secrets;

import dev.gantry.oci.ImageConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config's readable-by-anyone parts: each env entry as {@code NAME=VALUE} at
 * {@code config/Env/NAME}, each label as {@code KEY=VALUE} at {@code config/Labels/KEY}, each
 * history command at {@code history/N/created_by} (build args and {@code RUN} lines leak there).
 */
final class ConfigScanner {
    private final FileScanner scanner;

    ConfigScanner(FileScanner scanner) {
        this.scanner = scanner;
    }

    List<SecretFinding> scan(ImageConfig config) {
        List<SecretFinding> out = new ArrayList<>();
        ImageConfig.ContainerConfig c = config.config();
        if (c != null && c.env() != null) {
            for (String entry : c.env()) {
                int eq = entry.indexOf('=');
                add(out, "config/Env/" + (eq < 0 ? entry : entry.substring(0, eq)), entry);
            }
        }
        if (c != null && c.labels() != null) {
            for (Map.Entry<String, String> label : c.labels().entrySet()) {
                add(out, "config/Labels/" + label.getKey(), label.getKey() + "=" + label.getValue());
            }
        }
        List<ImageConfig.History> history = config.history();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).createdBy() != null) {
                add(out, "history/" + i + "/created_by", history.get(i).createdBy());
            }
        }
        return out;
    }

    private void add(List<SecretFinding> out, String where, String text) {
        for (SecretMatch m : scanner.scanText(where, text)) {
            out.add(SecretFinding.of(m, null, null, where, SecretFinding.Status.CONFIG));
        }
    }
}
