package na64.daq.app.reliability;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * What this JVM holds, for the bounds of issue 11: direct memory (the JDK's "direct" buffer pool,
 * plus Netty's own count when it allocates without the JDK's cleaner, plus what Netty's pooled
 * allocator has reserved), open descriptors (/proc/self/fd), and the service side of TCP
 * connections to a port in the states that hold a descriptor (/proc/net/tcp: ESTABLISHED, CLOSE_WAIT).
 */
final class ProcessResources {
    private ProcessResources() {
    }

    /** Bytes of direct memory in use by this JVM. */
    static long directMemory() {
        long jdk = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                jdk = b.getMemoryUsed();
            }
        }
        long netty = Math.max(0, PlatformDependent.usedDirectMemory());
        return Math.max(jdk + netty, PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
    }

    /** Descriptors open in this process. */
    static int openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** TCP sockets whose local port is {@code port} in a state that holds a descriptor, with their timer kind. */
    static List<int[]> serviceSockets(int port) throws IOException {
        String hex = String.format(":%04X", port);
        return Stream.concat(Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1),
                        Files.exists(Path.of("/proc/net/tcp6")) ? Files.readAllLines(Path.of("/proc/net/tcp6")).stream().skip(1)
                                : Stream.empty())
                .map(l -> l.trim().split("\\s+"))
                .filter(f -> f[1].endsWith(hex) && (f[3].equals("01") || f[3].equals("08")))
                .map(f -> new int[] {Integer.parseInt(f[3], 16), Integer.parseInt(f[5].substring(0, 2), 16)})
                .toList();
    }
}
