package dev.gantry.build.containerfile;

import dev.gantry.build.Reproducibility;
import dev.gantry.oci.Platform;
import dev.gantry.runtime.layer.LayerCompression;
import dev.gantry.runtime.network.NetworkMode;
import dev.gantry.store.StoreRoot;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a Containerfile build needs besides the file.
 *
 * @param context         the directory COPY reads from
 * @param target          the stage to build (null: the last)
 * @param buildArgs       {@code --build-arg} values
 * @param platform        the target platform (scratch stages and bases from indexes)
 * @param noCache         rebuild every layer, ignoring (but refreshing) the cache
 * @param cacheDir        where layers are kept between builds, keyed by {@link CacheKey}
 * @param workDir         scratch space for stage images and trees, deleted after the build
 * @param compression     how new layers are compressed
 * @param reproducibility the fixed time, owners and modes of COPY/ADD entries, and the image's creation time
 * @param store           where RUN's containers and snapshots live (gantry run's store); null refuses RUN
 * @param secrets         {@code --secret}s by id, for {@code RUN --mount=type=secret}
 * @param network         the network RUN steps' containers get ({@code --network}); null means the bridge, as
 *                        podman build's and docker build's default
 */
public record BuildOptions(Path context, String target, Map<String, String> buildArgs, Platform platform,
                           boolean noCache, Path cacheDir, Path workDir, LayerCompression compression,
                           Reproducibility reproducibility, StoreRoot store, Map<String, BuildSecret> secrets,
                           NetworkMode network) {
    /** Copies the build arguments and secrets, so the options cannot change during a build. */
    public BuildOptions {
        buildArgs = Map.copyOf(buildArgs);
        secrets = Map.copyOf(secrets);
        network = network == null ? NetworkMode.BRIDGE : network;
    }

    /**
     * Options whose RUN steps use the bridge network.
     *
     * @param context         the directory COPY reads from
     * @param target          the stage to build (null: the last)
     * @param buildArgs       {@code --build-arg} values
     * @param platform        the target platform
     * @param noCache         rebuild every layer
     * @param cacheDir        where layers are kept between builds
     * @param workDir         scratch space, deleted after the build
     * @param compression     how new layers are compressed
     * @param reproducibility the fixed time, owners and modes of COPY/ADD entries
     * @param store           where RUN's containers and snapshots live; null refuses RUN
     * @param secrets         {@code --secret}s by id
     */
    public BuildOptions(Path context, String target, Map<String, String> buildArgs, Platform platform,
                        boolean noCache, Path cacheDir, Path workDir, LayerCompression compression,
                        Reproducibility reproducibility, StoreRoot store, Map<String, BuildSecret> secrets) {
        this(context, target, buildArgs, platform, noCache, cacheDir, workDir, compression, reproducibility, store, secrets,
                NetworkMode.BRIDGE);
    }
}
