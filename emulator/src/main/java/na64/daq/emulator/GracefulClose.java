package na64.daq.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.protocol.FrameHeader;

/**
 * A front-end's clean goodbye: half-close, wait (up to the close wait) for the service to close its
 * side, so it has processed everything and released the source id before the sender goes on, and
 * log the reason if the service answered with an ERROR frame.
 */
final class GracefulClose {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSender.class);

    private GracefulClose() {
    }

    static void close(Socket socket, long closeWaitMs, int sourceId) throws IOException {
        socket.shutdownOutput();
        long deadline = System.nanoTime() + closeWaitMs * 1_000_000L;
        byte[] buf = new byte[4096];
        int got = 0;
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, left)));
                int r = in.read(buf, got, buf.length - got);
                if (r < 0) {
                    break;
                }
                got = Math.min(buf.length - 1, got + r);
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("source {}: service did not close within {} ms", sourceId, closeWaitMs);
        } catch (IOException e) {
            LOG.debug("source {}: while waiting for the service to close: {}", sourceId, e.toString());
        }
        logError(buf, got, sourceId);
        socket.close();
    }

    /** If the service answered with an ERROR frame, say why. */
    private static void logError(byte[] buf, int got, int sourceId) {
        if (got < FrameHeader.LENGTH) {
            return;
        }
        FrameHeader h = new FrameHeader().wrap(buf, 0);
        if (h.magic() == FrameHeader.MAGIC && h.type() == FrameHeader.TYPE_ERROR) {
            int len = (int) Math.min(h.payloadLength(), got - FrameHeader.LENGTH);
            LOG.warn("source {}: service sent ERROR: {}", sourceId,
                    new String(buf, FrameHeader.LENGTH, len, StandardCharsets.UTF_8));
        }
    }
}
