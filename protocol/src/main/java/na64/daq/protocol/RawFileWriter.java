package na64.daq.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a recorded spill, {@code .na64raw}; the layout is drawn on {@link RawFileReader}. */
public final class RawFileWriter implements AutoCloseable {
    private final OutputStream out;
    private final byte[] time = new byte[8];

    private RawFileWriter(Path path) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        byte[] header = new byte[RawFileReader.FILE_HEADER_LENGTH];
        System.arraycopy(RawFileReader.FILE_MAGIC, 0, header, 0, 8);
        LittleEndian.putU32(header, 8, RawFileReader.FILE_VERSION);
        out.write(header);
    }

    public static RawFileWriter create(Path path) throws IOException {
        return new RawFileWriter(path);
    }

    /** Appends one record: the receive time, then the frame bytes exactly as given. */
    public void write(long receiveTimeNs, byte[] frame, int offset, int length) throws IOException {
        LittleEndian.putU64(time, 0, receiveTimeNs);
        out.write(time);
        out.write(frame, offset, length);
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
