package na64.daq.emulator;

/**
 * Receives {@link Progress} from {@link FrontEndEmulator}'s senders: at every spill's end and
 * about every 200 ms in between. Called concurrently from the five sender threads; keep it short.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);

    /** This listener, then {@code next}. */
    default ProgressListener and(ProgressListener next) {
        return p -> {
            onProgress(p);
            next.onProgress(p);
        };
    }
}
