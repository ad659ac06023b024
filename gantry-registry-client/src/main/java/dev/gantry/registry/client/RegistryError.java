package dev.gantry.registry.client;

/** One entry of a registry's error body: {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":..,"detail":..}]}}. */
public record RegistryError(String code, String message, String detail) {
}
