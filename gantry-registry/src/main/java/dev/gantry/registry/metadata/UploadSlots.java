package dev.gantry.registry.metadata;

/**
 * Counts the upload sessions open at once and refuses a new one past a limit (429 TOOMANYREQUESTS
 * with Retry-After). A session counts from its POST until it is finished or cancelled, or until
 * it has been idle, with no request in progress, for a while: clients abandon sessions, and an
 * abandoned one must not hold a slot until garbage collection. {@link LocalUploadSlots} counts in
 * this process; nodes sharing a metadata store count together in it.
 */
public interface UploadSlots {
    /** How long a client refused for lack of slots is told to wait, in seconds. */
    int RETRY_AFTER_SECONDS = 5;

    /**
     * Takes a slot for a session about to start, or refuses.
     *
     * @return the reservation, to {@link #bind} to the session's id once it exists or to {@link #release}; null
     *         when there is no limit
     * @throws dev.gantry.registry.errors.RegistryException TOOMANYREQUESTS when every slot is taken
     */
    String reserve();

    /**
     * The reserved slot now belongs to session {@code id}, which stays open after this request.
     *
     * @param reservation what {@link #reserve()} returned
     * @param id          the session's id
     */
    void bind(String reservation, String id);

    /**
     * A request on session {@code id} starts: the session counts as busy, never idle, until {@link #leave}.
     *
     * @param id the session's id
     */
    void enter(String id);

    /**
     * A request on session {@code id} has ended.
     *
     * @param id the session's id
     */
    void leave(String id);

    /**
     * The session (or reservation) finished or was cancelled: its slot is free.
     *
     * @param key a session id or a reservation; null is ignored
     */
    void release(String key);
}
