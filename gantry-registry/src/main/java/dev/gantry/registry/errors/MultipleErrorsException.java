package dev.gantry.registry.errors;

import java.util.List;

/** Several errors answered at once, as the spec asks for a manifest naming several missing blobs. */
public class MultipleErrorsException extends RegistryException {
    private final List<RegistryException> errors;

    public MultipleErrorsException(List<RegistryException> errors) {
        super(errors.getFirst().code(), errors.getFirst().getMessage(), errors.getFirst().detail(), errors.getFirst().status());
        this.errors = List.copyOf(errors);
    }

    public List<RegistryException> errors() {
        return errors;
    }
}
