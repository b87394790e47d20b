package na64.daq.app.bench;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by this JVM between {@link #start} and {@link #allocated()}, less what the
 * harness's own threads (given by id) allocated meanwhile, so what remains is the service's.
 * Uses HotSpot's per-thread allocation counters ({@code com.sun.management.ThreadMXBean}); the
 * JVM-wide total includes threads that ended in between.
 */
final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final long[] excluded;
    private final long total0;
    private final long excluded0;

    private AllocationMeter(long[] excluded) {
        this.excluded = excluded;
        this.excluded0 = sum(excluded);
        this.total0 = MX.getTotalThreadAllocatedBytes();
    }

    /** Starts counting; {@code harnessThreads} are the ids of threads whose allocation is not the service's. */
    static AllocationMeter start(long... harnessThreads) {
        return new AllocationMeter(harnessThreads);
    }

    /** Bytes the service allocated since {@link #start}. */
    long allocated() {
        long total = MX.getTotalThreadAllocatedBytes() - total0;
        return Math.max(0, total - (sum(excluded) - excluded0));
    }

    private static long sum(long[] ids) {
        long s = 0;
        for (long id : ids) {
            s += Math.max(0, MX.getThreadAllocatedBytes(id));
        }
        return s;
    }
}
