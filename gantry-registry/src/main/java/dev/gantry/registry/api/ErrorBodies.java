package dev.gantry.registry.api;

import dev.gantry.oci.Json;
import dev.gantry.registry.errors.MultipleErrorsException;
import dev.gantry.registry.errors.RegistryException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The spec's error body: {"errors":[{"code","message","detail"}]}. */
final class ErrorBodies {
    private ErrorBodies() {
    }

    static byte[] of(RegistryException e) {
        List<RegistryException> all = e instanceof MultipleErrorsException m ? m.errors() : List.of(e);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (RegistryException one : all) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", one.code().name());
            error.put("message", one.getMessage());
            if (one.detail() != null) {
                error.put("detail", one.detail());
            }
            errors.add(error);
        }
        return Json.write(Map.of("errors", errors));
    }
}
