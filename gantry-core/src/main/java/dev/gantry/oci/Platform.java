package dev.gantry.oci;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.error.InvalidInputException;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * image-index.md's platform object; {@code parse("linux/arm64/v8")} reads the usual CLI form.
 *
 * @param architecture the CPU architecture in Go's names ({@code amd64}, {@code arm64}, {@code arm})
 * @param os           the operating system ({@code linux})
 * @param osVersion    the OS version (Windows), or null
 * @param osFeatures   required OS features (Windows), or null
 * @param variant      the CPU variant ({@code v7}, {@code v8}), or null
 * @param features     reserved by image-spec, kept for round trips, or null
 */
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        List<String> features) {

    /**
     * The usual three parts; note the order, {@code os} first, as in {@code linux/arm64/v8}.
     *
     * @param os           the operating system
     * @param architecture the CPU architecture
     * @param variant      the CPU variant, or null
     */
    public Platform(String os, String architecture, String variant) {
        this(architecture, os, null, null, variant, null);
    }

    /**
     * Parses {@code os/arch[/variant]}, as {@code --platform} takes it.
     *
     * @param text e.g. {@code linux/amd64} or {@code linux/arm64/v8}
     * @return the platform
     * @throws InvalidInputException when {@code text} has fewer than two or more than three non-empty parts
     */
    public static Platform parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new InvalidInputException("invalid platform '" + text + "': expected os/arch[/variant], e.g. linux/arm64/v8");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /**
     * {@return the platform of the machine Gantry runs on, named the way Go (and so every registry) names it}
     * A macOS or Windows host asks for linux, which it runs in a VM.
     */
    public static Platform host() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch;
        };
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String goOs = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("windows") ? "windows" : os;
        // Images are almost always linux; a non-linux host still runs linux images in a VM.
        return new Platform(goOs.equals("darwin") || goOs.equals("windows") ? "linux" : goOs, goArch, null);
    }

    /**
     * True when an image for {@code candidate} satisfies a request for this platform: os and
     * architecture equal, and the variant equal after the usual defaults (arm64 means v8, arm
     * means v7 when unspecified). A request without a variant takes any variant.
     *
     * @param candidate the platform an image is for, or null (which satisfies nothing)
     * @return whether the image can serve this request
     */
    public boolean satisfiedBy(Platform candidate) {
        if (candidate == null || !Objects.equals(os, candidate.os) || !Objects.equals(architecture, candidate.architecture)) {
            return false;
        }
        if (variant == null || variant.isEmpty()) {
            return true;
        }
        return variant.equals(normalisedVariant(candidate.architecture, candidate.variant));
    }

    private static String normalisedVariant(String arch, String variant) {
        if (variant != null && !variant.isEmpty()) {
            return variant;
        }
        return switch (arch == null ? "" : arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> variant;
        };
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(os).append('/').append(architecture);
        if (variant != null && !variant.isEmpty()) {
            s.append('/').append(variant);
        }
        if (osVersion != null && !osVersion.isEmpty()) {
            s.append(" (").append(osVersion).append(')');
        }
        return s.toString();
    }
}
