package dev.gantry.runtime.network;

import dev.gantry.error.GantryException;

/**
 * A container's network could not be set up: a CNI plugin or {@code ip} is missing, or one of them failed. By
 * the time it is thrown, whatever part of the network was made has been torn down again.
 */
public final class NetworkSetupException extends GantryException {
    /**
     * A setup failure.
     *
     * @param message what failed, naming the plugin or tool and its own reason
     */
    public NetworkSetupException(String message) {
        super(message);
    }
}
