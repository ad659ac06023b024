package dev.gantry.build.containerfile;

import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.runtime.export.FilesystemTarWriter.Placement;
import dev.gantry.transport.files.SafePaths;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where COPY's sources come from and where they land, by Docker's rules: a directory's contents
 * are copied (not the directory itself); with several sources, a wildcard or a destination
 * ending in '/', each source goes into the destination directory under its own name. Sources
 * are resolved inside {@code root} only: '..' and absolute escapes are refused, and a source
 * whose real path leaves the root through a symlink is refused.
 */
final class CopySources {
    private CopySources() {
    }

    /**
     * @param destination absolute, already expanded and resolved against WORKDIR
     * @param where       the instruction, for messages
     */
    static List<Placement> resolve(Path root, List<String> sources, String destination, String where) throws IOException {
        Path realRoot = root.toRealPath();
        List<Path> matched = new ArrayList<>();
        boolean wildcard = false;
        for (String source : sources) {
            String relative = source.replaceFirst("^/+", "");
            if (relative.isEmpty() || relative.equals(".")) {
                matched.add(realRoot);
                continue;
            }
            relative = SafePaths.normalise(relative, where);
            if (relative.matches(".*[*?\\[].*")) {
                wildcard = true;
                matched.addAll(glob(realRoot, relative, where));
            } else {
                Path path = realRoot.resolve(relative);
                if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotFoundException(where + ": source '" + source + "' not found in " + root);
                }
                matched.add(inside(realRoot, path, where));
            }
        }
        String dest = destination.replaceFirst("^/+", "");
        dest = dest.isEmpty() ? "" : SafePaths.normalise(dest, where);
        boolean intoDirectory = destination.endsWith("/") || matched.size() > 1 || wildcard;
        List<Placement> placements = new ArrayList<>();
        for (Path path : matched) {
            if (Files.isDirectory(path)) {
                placements.add(new Placement(path, dest));
            } else {
                String name = path.getFileName().toString();
                placements.add(new Placement(path, intoDirectory ? (dest.isEmpty() ? name : dest + "/" + name) : dest));
            }
        }
        if (placements.stream().anyMatch(p -> p.destination().isEmpty() && !Files.isDirectory(p.source()))) {
            throw new InvalidInputException(where + ": a file cannot replace the image's root directory");
        }
        return placements;
    }

    /** Wildcards in the last component only ("src/*.json"), matched in name order. */
    private static List<Path> glob(Path root, String pattern, String where) throws IOException {
        int slash = pattern.lastIndexOf('/');
        String dir = slash < 0 ? "" : pattern.substring(0, slash);
        if (dir.matches(".*[*?\\[].*")) {
            throw new InvalidInputException(where + ": wildcards are supported in the last path component only ('" + pattern + "')");
        }
        Path parent = inside(root, dir.isEmpty() ? root : root.resolve(dir), where);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, pattern.substring(slash + 1))) {
            children.forEach(out::add);
        }
        out.sort(null);
        if (out.isEmpty()) {
            throw new NotFoundException(where + ": no source file matches '" + pattern + "'");
        }
        return out;
    }

    private static Path inside(Path realRoot, Path path, String where) throws IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new InvalidInputException(where + ": source '" + realRoot.relativize(path) + "' leads outside the build context");
        }
        return real;
    }
}
