package na64.daq.farm.readout;

/**
 * A bound on the bytes handed to the Kafka producer and not yet acknowledged. The forwarder
 * thread {@link #acquire}s before each send and waits while the bound is reached; the producer's
 * I/O thread {@link #release}s in the send callback. Waiting here is the readout's backpressure:
 * the ring behind it fills and the ingest stops reading. A single record larger than the bound is
 * let through when nothing else is in flight, so it cannot wait forever.
 */
final class InFlightBytes {
    private final long max;
    private long current;
    private long waits;
    private long waitedNanos;

    InFlightBytes(long max) {
        this.max = max;
    }

    synchronized void acquire(long n) {
        if (current > 0 && current + n > max) {
            waits++;
            long start = System.nanoTime();
            while (current > 0 && current + n > max) {
                try {
                    wait(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break; // shutting down: send anyway, the producer bounds its own buffer
                }
            }
            waitedNanos += System.nanoTime() - start;
        }
        current += n;
    }

    synchronized void release(long n) {
        current = Math.max(0, current - n);
        notifyAll();
    }

    synchronized long current() {
        return current;
    }

    synchronized long waits() {
        return waits;
    }

    synchronized long waitedNanos() {
        return waitedNanos;
    }
}
