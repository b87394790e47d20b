package na64.daq.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child-process writer for {@link StoreLockTest}. {@code hold DIR}: opens the store, appends one
 * event, prints {@code holding}, and keeps the store open until its standard input ends (or it is
 * killed). {@code try DIR}: tries to open the store and prints {@code opened} or {@code refused: MESSAGE}.
 */
public final class StoreHolderMain {
    private StoreHolderMain() {
    }

    /** Args: mode (hold or try), store directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        if (args[0].equals("try")) {
            try (EventStore store = EventStore.open(dir, false)) {
                System.out.println("opened");
            } catch (StoreLock.InUseException e) {
                System.out.println("refused: " + e.getMessage());
            }
            return;
        }
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(TestEvent.random(new Random(7), 9, 1, 1));
            System.out.println("holding");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our standard input
            }
        }
    }
}
