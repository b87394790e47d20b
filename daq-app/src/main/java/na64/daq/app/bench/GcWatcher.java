package na64.daq.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/** Records the longest GC pause and the total pause time of collections that start while it is open. */
final class GcWatcher implements AutoCloseable {
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener;
    private volatile long maxPauseMs;
    private volatile long totalPauseMs;
    private volatile long collections;

    GcWatcher() {
        // Notifications arrive asynchronously: a collection that began before this watcher (such as
        // the harness's own System.gc() just before a run) may be reported after it opened.
        long openedAtMs = ManagementFactory.getRuntimeMXBean().getUptime();
        listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                // Concurrent cycles (e.g. G1's concurrent marking) do not stop the application.
                if (info.getGcCause().contains("No GC") || info.getGcName().contains("Concurrent")
                        || info.getGcInfo().getStartTime() < openedAtMs) {
                    return;
                }
                long d = info.getGcInfo().getDuration();
                synchronized (this) {
                    maxPauseMs = Math.max(maxPauseMs, d);
                    totalPauseMs += d;
                    collections++;
                }
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    long maxPauseMs() {
        return maxPauseMs;
    }

    long totalPauseMs() {
        return totalPauseMs;
    }

    long collections() {
        return collections;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
