package dev.gantry.registry.api;

import dev.gantry.oci.Json;
import dev.gantry.registry.content.Registry;
import dev.gantry.registry.errors.ErrorCode;
import dev.gantry.registry.errors.RegistryException;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** /v2/_catalog: repository names in the catalog's order, paged like tags/list; a page walks only what it needs. */
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
        List<String> names = registry.catalog(pagination.last(), pagination.fetch());
        List<String> page = pagination.trim(names);
        if (!page.isEmpty() && page.size() < names.size()) {
            pagination.link(exchange, "/v2/_catalog", page.getLast(), "");
        }
        exchange.send(200, "application/json", Json.write(Map.of("repositories", page)));
    }
}
