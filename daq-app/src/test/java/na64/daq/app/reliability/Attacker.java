package na64.daq.app.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import na64.daq.protocol.FrameHeader;

/**
 * Hostile or broken peers of the ingest port for the issue-11 tests: raw sockets that send a few
 * bytes (or nothing) and then hold the connection. Closes them all at the end.
 */
final class Attacker implements AutoCloseable {
    private final InetSocketAddress service;
    final List<Socket> sockets = new ArrayList<>();

    Attacker(InetSocketAddress service) {
        this.service = service;
    }

    /** Opens a connection, writes {@code bytes} (may be empty) and keeps it open. */
    Socket open(byte[] bytes) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(10_000);
        s.connect(service, 10_000);
        if (bytes.length > 0) {
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
        }
        sockets.add(s);
        return s;
    }

    /** A frame header alone: magic, version 1, {@code type}, {@code source}, payload length, CRC 0. */
    static byte[] header(int type, int source, long payloadLength) {
        byte[] h = new byte[FrameHeader.LENGTH];
        FrameHeader.write(h, 0, type, source, (int) payloadLength, 0);
        return h;
    }

    /** What the service wrote on {@code s} until it closed, as the text of its ERROR frame ("" if none). */
    static String errorText(Socket s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[512];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the service did not close the connection", e);
        } catch (IOException reset) {
            // a reset after the ERROR frame: what was read is the answer
        }
        byte[] a = b.toByteArray();
        if (a.length <= FrameHeader.LENGTH || (a[FrameHeader.TYPE_OFFSET] & 0xFF) != FrameHeader.TYPE_ERROR) {
            return "";
        }
        return new String(a, FrameHeader.LENGTH, a.length - FrameHeader.LENGTH, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
    }
}
