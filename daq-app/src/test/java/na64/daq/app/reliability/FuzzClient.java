package na64.daq.app.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One TCP connection of the fuzz campaign with its oracle: every byte written goes to the
 * {@link WireModel} first, in the same order, so the model sees exactly the stream the service reads.
 * Writes after the service closed the connection may fail; that is expected and ignored only when
 * the model predicted the close.
 */
final class FuzzClient implements AutoCloseable {
    final WireModel model;
    private final Socket socket;
    private final OutputStream out;

    FuzzClient(InetSocketAddress service, WireModel model) throws IOException {
        this.model = model;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20_000);
        socket.connect(service, 10_000);
        this.out = socket.getOutputStream();
    }

    /** Sends {@code bytes} (to the model, then to the socket), split at {@code cuts} into separate writes. */
    void send(byte[] bytes, int... cuts) {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? Math.max(from, Math.min(bytes.length, cuts[i])) : bytes.length;
            if (to > from) {
                boolean wasClosed = model.closed();
                model.feed(bytes, from, to - from);
                if (!wasClosed) {
                    write(bytes, from, to - from);
                }
            }
            from = to;
        }
    }

    private void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
            out.flush();
        } catch (IOException e) {
            if (!model.closed()) {
                throw new AssertionError("write failed on a connection the oracle says is open: " + e, e);
            }
        }
    }

    /**
     * Waits until the service has closed its side (after a fatal error it sends ERROR and closes);
     * returns the bytes it sent before closing.
     */
    byte[] awaitServiceClose() {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[512];
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the service did not close a connection the oracle says it refused: " + model.lastError(), e);
        } catch (IOException e) {
            // reset by peer: the service closed with our unread bytes in its buffer; closed all the same
        }
        return got.toByteArray();
    }

    /** The client ends the connection (the model counts a frame left unfinished as truncated). */
    void clientClose() {
        model.clientClosed();
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket: nothing to do
        }
    }
}
