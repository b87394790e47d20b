package na64.daq.store;

/**
 * Called by {@link EventStore} on the writer thread before every append (event or spill), inside
 * the timed section. Reliability tests use it to inject a slow or stalling store; production uses
 * {@link #NONE}.
 */
@FunctionalInterface
public interface AppendHook {
    /** The hook that does nothing. */
    AppendHook NONE = () -> { };

    /** Runs before the record is written. May block; must not call back into the store. */
    void beforeAppend();
}
