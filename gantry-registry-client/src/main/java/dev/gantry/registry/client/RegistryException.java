package dev.gantry.registry.client;

import com.fasterxml.jackson.core.JsonToken;
import dev.gantry.error.GantryException;
import dev.gantry.oci.JsonCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A registry said no. Carries the HTTP status and the registry's error codes (MANIFEST_UNKNOWN,
 * NAME_UNKNOWN, BLOB_UNKNOWN, DENIED, UNAUTHORIZED, TOOMANYREQUESTS, UNSUPPORTED, ...), and its
 * message adds what to do about the common ones. Unchecked, as every {@link GantryException}; a 404 for a
 * manifest or blob is reported by {@link RegistryClient} as {@link dev.gantry.error.NotFoundException} instead.
 */
public class RegistryException extends GantryException {
    private final int status;
    private final List<RegistryError> errors;

    /**
     * An exception with its message already written; {@link #of} builds one from a response.
     *
     * @param message what failed, shown to the user as it is
     * @param status  the HTTP status the registry answered with
     * @param errors  the error entries of the registry's body (copied)
     */
    public RegistryException(String message, int status, List<RegistryError> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /**
     * The HTTP status the registry answered with, for callers that react to a class of failure (5xx, 404).
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * The registry's error entries, in the order of its body.
     *
     * @return an unmodifiable list; for a 401, 403 or 429 without a body (a HEAD answer) the one code the status
     *         stands for ({@code UNAUTHORIZED}, {@code DENIED}, {@code TOOMANYREQUESTS}); empty when the body held
     *         no spec error JSON
     */
    public List<RegistryError> errors() {
        return errors;
    }

    /**
     * Whether the registry reported an error code, so a caller can react to one (say {@code BLOB_UPLOAD_UNKNOWN})
     * without reading messages.
     *
     * @param code a spec error code such as {@code NAME_UNKNOWN}
     * @return true when one of {@link #errors()} has that code
     */
    public boolean hasCode(String code) {
        return errors.stream().anyMatch(e -> code.equals(e.code()));
    }

    /**
     * Builds the exception for a failed request from its status and body: the message is {@code what}, the status,
     * the registry's codes and messages (or the start of a body that is not error JSON), and a hint for 401, 403,
     * 405, 429, {@code NAME_UNKNOWN} and {@code UNSUPPORTED}.
     *
     * @param what   the request that failed, for the message (e.g. "GET manifest v1 from localhost:5000/x")
     * @param status the HTTP status
     * @param body   the response body, not null (empty for HEAD answers)
     * @return the exception, for the caller to throw
     */
    public static RegistryException of(String what, int status, String body) {
        List<RegistryError> errors = parse(body);
        if (errors.isEmpty() && inferred(status) != null) {
            // HEAD answers have no body; the status alone says which code the registry would send.
            errors = List.of(new RegistryError(inferred(status), "", null));
        }
        StringBuilder message = new StringBuilder(what).append(": HTTP ").append(status);
        if (!errors.isEmpty()) {
            message.append(' ').append(errors.stream()
                    .map(e -> e.code() + (e.message() == null || e.message().isEmpty() ? "" : " (" + e.message() + ")"))
                    .collect(Collectors.joining(", ")));
        } else if (!body.isBlank()) {
            String text = body.strip();
            message.append(": ").append(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
        String hint = hint(status, errors);
        if (hint != null) {
            message.append("; ").append(hint);
        }
        return new RegistryException(message.toString(), status, errors);
    }

    private static String inferred(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 429 -> "TOOMANYREQUESTS";
            default -> null;
        };
    }

    private static String hint(int status, List<RegistryError> errors) {
        List<String> codes = errors.stream().map(RegistryError::code).toList();
        if (status == 401 || codes.contains("UNAUTHORIZED")) {
            return "log in (gantry uses docker login's ~/.docker/config.json, or --authfile FILE)";
        }
        if (status == 403 || codes.contains("DENIED")) {
            return "these credentials may not do this; check the account's access to the repository";
        }
        if (codes.contains("NAME_UNKNOWN")) {
            return "check the repository name (gantry catalog HOST lists what the registry has, where allowed)";
        }
        if (codes.contains("UNSUPPORTED") || status == 405) {
            return "the registry does not allow this operation (deletes, for one, must be enabled on the registry)";
        }
        if (status == 429 || codes.contains("TOOMANYREQUESTS")) {
            return "rate limited even after retrying; wait and try again";
        }
        if (status == 507 && errors.stream().allMatch(e -> e.message() == null || e.message().isEmpty())) {
            // Insufficient Storage: a registry that explains itself (gantry serve does) needs no gloss.
            return "the registry is out of storage space; push again once space has been freed there";
        }
        return null;
    }

    static List<RegistryError> parse(String body) {
        String trimmed = body == null ? "" : body.strip();
        if (!trimmed.startsWith("{")) {
            return List.of();
        }
        try {
            // The streaming parser: a 404 (a tag that is not there) should not cost the mapper's start-up.
            return JsonCursor.read(trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "registry error body", null, c -> {
                List<RegistryError> out = new ArrayList<>();
                if (c.startObject()) {
                    for (String field; (field = c.nextField()) != null; ) {
                        if (field.equals("errors") && c.token() == JsonToken.START_ARRAY) {
                            c.list(RegistryException::error).stream().filter(java.util.Objects::nonNull).forEach(out::add);
                        } else {
                            c.skip();
                        }
                    }
                }
                return out;
            });
        } catch (RuntimeException notJson) {
            // Not the spec's error shape: the caller shows the raw text instead.
            return List.of();
        }
    }

    /** One entry; a code or message that is not a string reads as "", any detail as its JSON text. */
    private static RegistryError error(JsonCursor c) {
        if (c.token() != JsonToken.START_OBJECT) {
            c.skip();
            return null;
        }
        String code = "";
        String message = "";
        String detail = null;
        for (String field; (field = c.nextField()) != null; ) {
            switch (field) {
                case "code" -> code = text(c);
                case "message" -> message = text(c);
                case "detail" -> detail = c.token() == JsonToken.VALUE_NULL ? null : c.render();
                default -> c.skip();
            }
        }
        return new RegistryError(code, message, detail);
    }

    private static String text(JsonCursor c) {
        if (c.token() == JsonToken.VALUE_STRING) {
            return c.string();
        }
        c.skip();
        return "";
    }
}
