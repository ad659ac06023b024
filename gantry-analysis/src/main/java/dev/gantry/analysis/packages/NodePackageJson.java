package dev.gantry.analysis.packages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.oci.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * npm packages: the {@code package.json} at the root of each package under {@code node_modules}
 * ({@code node_modules/NAME/package.json}, {@code node_modules/@SCOPE/NAME/package.json}, at any
 * depth of nesting); {@code package.json} files deeper inside a package (a {@code lib/} folder's
 * {@code "type": "module"} marker) are not packages. Only the top-level {@code name} and
 * {@code version} are read, streaming; a manifest without a version (a private app) is no
 * package.
 */
final class NodePackageJson {
    /** Larger manifests are refused unread: real ones are a few KiB, bundled ones rarely 100 KiB. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private NodePackageJson() {
    }

    static boolean isPackageRoot(String path) {
        if (!path.endsWith("/package.json")) {
            return false;
        }
        String[] parts = path.split("/");
        int n = parts.length;
        if (n >= 3 && parts[n - 3].equals("node_modules") && !parts[n - 2].startsWith("@")) {
            return true;
        }
        return n >= 4 && parts[n - 4].equals("node_modules") && parts[n - 3].startsWith("@");
    }

    static LanguagePackages.Found read(InputStream content, String path) throws IOException {
        String name = null;
        String version = null;
        try (JsonParser p = Json.mapper().createParser(new BoundedInput(content, MAX_BYTES, "package.json"))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new LanguagePackages.Found(List.of(), "package.json is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING && field.equals("name")) {
                    name = p.getText();
                } else if (value == JsonToken.VALUE_STRING && field.equals("version")) {
                    version = p.getText();
                } else {
                    p.skipChildren();
                }
                if (name != null && version != null) {
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            return new LanguagePackages.Found(List.of(), "package.json is not valid JSON: " + e.getOriginalMessage());
        } catch (BoundedInput.TooLargeException e) {
            return new LanguagePackages.Found(List.of(), e.getMessage());
        }
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            return new LanguagePackages.Found(List.of(), null);
        }
        return new LanguagePackages.Found(List.of(PackageRecord.language("npm", name.strip(), version.strip(), path)), null);
    }
}
