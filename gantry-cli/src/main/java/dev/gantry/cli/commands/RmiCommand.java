package dev.gantry.cli.commands;

import dev.gantry.cli.output.Sizes;
import dev.gantry.error.InvalidInputException;
import dev.gantry.error.NotFoundException;
import dev.gantry.runtime.container.Container;
import dev.gantry.runtime.container.Containers;
import dev.gantry.runtime.store.StorePruner;
import dev.gantry.store.ImageStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

@Command(name = "rmi", description = "Remove images from Gantry's store, then the layers, snapshots and blobs nothing else "
        + "uses. An image a container was made from is kept until the container is removed (gantry rm).")
public final class RmiCommand extends StoreCommand {
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "stored image name (as gantry images lists it) or the reference it was run by")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        ImageStore images = new ImageStore(store());
        Containers store = new Containers(store());
        List<Container> containers = store.list();
        for (String given : names) {
            String name = images.storedName(given);
            if (name == null) {
                throw new NotFoundException("no image '" + given + "' in the store; see gantry images");
            }
            for (Container c : containers) {
                if (name.equals(c.image())) {
                    throw new InvalidInputException("image " + name + " is used by container " + c.shortId()
                            + "; remove it first (gantry rm " + c.shortId() + ")");
                }
            }
            images.untag(name);
            out().println("untagged: " + name);
        }
        StorePruner.Result pruned = StorePruner.prune(store(), store.layersInUse());
        out().printf(Locale.ROOT, "deleted %d snapshot(s), %d blob(s): %s reclaimed%n", pruned.snapshots(), pruned.blobs(),
                Sizes.human(pruned.bytes()));
        out().flush();
        return 0;
    }
}
