package dev.gantry.registry.client;

/**
 * One entry of a registry's error body, {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":..,"detail":..}]}}
 * (distribution-spec "error codes"), as {@link RegistryException#errors()} lists them.
 *
 * @param code    the spec's error code, such as {@code MANIFEST_UNKNOWN} or {@code DENIED}; empty when the entry
 *                had none
 * @param message the registry's message for people; empty when it sent none
 * @param detail  the entry's {@code detail} value as JSON text, or null when there was none
 */
public record RegistryError(String code, String message, String detail) {
}
