package dev.gantry.registry.api;

import dev.gantry.oci.Json;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** /v2/_catalog: every repository name, paged like tags/list. */
final class CatalogResource {
    private final Registry registry;

    CatalogResource(Registry registry) {
        this.registry = registry;
    }

    void handle(Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.isHead()) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " is not supported on _catalog");
        }
        Pagination pagination = Pagination.of(exchange);
        List<String> page = pagination.page(registry.catalog(), "/v2/_catalog", exchange);
        exchange.send(200, "application/json", Json.write(Map.of("repositories", page)));
    }
}
