package dev.gantry.runtime.container;

import dev.gantry.runtime.network.BridgeNetwork;
import dev.gantry.runtime.network.ContainerNetwork;
import dev.gantry.runtime.network.PortMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A bridge container's network being made on a thread of its own while the rootfs is stacked and the runtime
 * config written: the CNI plugins are a chain of processes (the bridge's and the firewall's iptables calls, ~0.25
 * s), most of a {@code run}'s wall time when made one after the other. The runtime starts only once
 * {@link #await} has the address, and nothing tears the network down while it is still being made
 * ({@link #settle}), so a setup and a teardown never interleave.
 */
final class NetworkInProgress {
    private final CompletableFuture<ContainerNetwork.Attachment> attachment = new CompletableFuture<>();

    private NetworkInProgress() {
    }

    /**
     * Starts making the container's network: leftovers of an earlier start torn down, then the namespace joined
     * to the bridge ({@link ContainerNetwork#attach}, which undoes its own half-made work when it fails).
     *
     * @param bridge    the network to join
     * @param container the container, its directory existing (the teardown script goes there)
     * @return the setup under way
     */
    static NetworkInProgress start(BridgeNetwork bridge, Container container) {
        NetworkInProgress pending = new NetworkInProgress();
        List<PortMapping> ports = container.ports().stream().map(PortMapping::parse).toList();
        Thread.ofVirtual().name("gantry-network-" + container.shortId()).start(() -> {
            try {
                ContainerNetwork.detach(container.dir());
                pending.attachment.complete(ContainerNetwork.attach(bridge, container.id(), container.runtimeId(), ports,
                        container.dir()));
            } catch (IOException | RuntimeException | Error e) {
                pending.attachment.completeExceptionally(e);
            }
        });
        return pending;
    }

    /**
     * Waits for the network.
     *
     * @return the container's address, gateway and namespace
     * @throws IOException when the setup failed (a {@link dev.gantry.runtime.network.NetworkSetupException}
     *                     names the plugin or tool), as it would have thrown made in place
     */
    ContainerNetwork.Attachment await() throws IOException {
        try {
            return attachment.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            settle();
            throw new IOException("interrupted while the container's network was being made", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new UncheckedIOException(new IOException(e.getCause()));
            }
        }
    }

    /**
     * Waits until the setup has finished, however it ended, so that a teardown which follows sees all that was
     * made (used on the failure paths, where the setup's own error no longer matters).
     */
    void settle() {
        boolean interrupted = false;
        while (true) {
            try {
                attachment.handle((made, failed) -> null).get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the teardown must not start before the setup ends
            } catch (ExecutionException cannotHappen) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
