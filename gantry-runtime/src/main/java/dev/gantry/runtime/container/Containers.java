package dev.gantry.runtime.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.oci.Json;
import dev.gantry.runtime.apply.Trees;
import dev.gantry.store.StoreRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The containers of a store: {@code containers/ID/container.json} beside each one's directories. */
public final class Containers {
    private static final String FILE = "container.json";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    /**
     * The containers of the store at {@code root}, in its {@code containers/} directory (which may not exist
     * yet).
     *
     * @param root the store
     */
    public Containers(StoreRoot root) {
        this.dir = root.containers();
    }

    /** A new container's directory and record (status "created"); the name must be free. */
    Container create(String name, String image, String imageDigest, List<String> layers, String rootfs, String network,
                     List<String> ports) throws IOException {
        if (name != null) {
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException("invalid container name '" + name + "': use letters, digits, '_', '.' and '-'");
            }
            for (Container c : list()) {
                if (name.equals(c.name())) {
                    throw new InvalidInputException("the name '" + name + "' is already used by container " + c.shortId()
                            + "; remove it (gantry rm " + name + ") or choose another");
                }
            }
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Path home = dir.resolve(id);
        Files.createDirectories(home);
        Container container = new Container(id, name, image, imageDigest, layers, rootfs, Instant.now().toString(),
                List.of(), "created", null, network, ports, home);
        save(container);
        return container;
    }

    /**
     * Writes the record atomically (temp file + rename), unless the container was removed meanwhile, in which
     * case nothing is written.
     *
     * @param container the record to save, in its own directory
     * @throws IOException when the file cannot be written
     */
    public void save(Container container) throws IOException {
        if (!Files.isDirectory(container.dir())) {
            return; // removed meanwhile (gantry rm -f of a running container): nothing to record
        }
        ObjectNode tree = Json.mapper().valueToTree(container);
        tree.remove("dir");
        Path temp = container.dir().resolve("." + FILE + ".tmp");
        try {
            Files.write(temp, Json.write(tree));
            Files.move(temp, container.dir().resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException removedJustNow) {
            // delete renamed the directory away between the check above and the write
        }
    }

    /**
     * Every container of the store, oldest first.
     *
     * @return the containers, each with its directory; empty when the store has none
     * @throws IOException when a record cannot be read
     */
    public List<Container> list() throws IOException {
        List<Container> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> homes = Files.list(dir)) {
            for (Path home : homes.toList()) {
                Path file = home.resolve(FILE);
                if (home.getFileName().toString().startsWith(".") || !Files.isRegularFile(file)) {
                    continue; // a container being deleted (see delete), or no record yet
                }
                byte[] record;
                try {
                    record = Files.readAllBytes(file);
                } catch (NoSuchFileException removedJustNow) {
                    continue;
                }
                ObjectNode tree = (ObjectNode) Json.tree(record, file.toString());
                tree.remove("dir");
                out.add(refreshed(Json.mapper().treeToValue(tree, Container.class).at(home)));
            }
        }
        out.sort(Comparator.comparing(Container::created));
        return out;
    }

    /** A detached container whose shim recorded an exit code is exited, whatever its record last said. */
    private static Container refreshed(Container container) throws IOException {
        if (!"running".equals(container.status())) {
            return container;
        }
        Integer code = DetachedContainers.exitCode(container);
        return code == null ? container : container.withStatus("exited", code);
    }

    /**
     * The diff_ids every container stacks: their snapshots must stay (see
     * {@link dev.gantry.runtime.store.StorePruner}).
     *
     * @return the diff_ids, with repeats
     * @throws IOException when a record cannot be read
     */
    public List<String> layersInUse() throws IOException {
        List<String> layers = new ArrayList<>();
        for (Container c : list()) {
            layers.addAll(c.layers());
        }
        return layers;
    }

    /**
     * The container with this name, full id or unambiguous id prefix, as docker resolves them.
     *
     * @param idOrName a name, an id or the start of one
     * @return the container
     * @throws dev.gantry.error.NotFoundException     when no container matches
     * @throws dev.gantry.error.InvalidInputException when the prefix matches more than one container
     * @throws IOException when a record cannot be read
     */
    public Container find(String idOrName) throws IOException {
        List<Container> all = list();
        for (Container c : all) {
            if (idOrName.equals(c.name()) || idOrName.equals(c.id())) {
                return c;
            }
        }
        List<Container> matches = all.stream().filter(c -> c.id().startsWith(idOrName)).toList();
        if (matches.size() == 1 && !idOrName.isEmpty()) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new InvalidInputException("'" + idOrName + "' matches " + matches.size() + " containers; give more of the id");
        }
        throw new NotFoundException("no container '" + idOrName + "' in " + dir + "; see gantry ps");
    }

    /** Deletes a container's directory; its rootfs must not be mounted any more (checked, so no image file is ever deleted through it). */
    void delete(Container container) throws IOException {
        if (OverlayMount.isMounted(container.rootfsDir())) {
            throw new IOException(container.rootfsDir() + " is still mounted and could not be unmounted; not deleting "
                    + "through it (find what uses it: fuser -m " + container.rootfsDir() + ")");
        }
        // Renamed away first: a run of this container that ends at this moment (gantry rm -f from another shell)
        // then writes its last record and teardown files into a path that is gone, not into a tree being deleted.
        Path removing = container.dir().resolveSibling("." + container.dir().getFileName() + ".removing");
        Trees.deleteRecursively(removing); // what an interrupted delete left
        try {
            Files.move(container.dir(), removing, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException goneAlready) {
            return;
        }
        Trees.deleteRecursively(removing);
    }
}
