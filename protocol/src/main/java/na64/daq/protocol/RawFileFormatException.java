package na64.daq.protocol;

import java.io.IOException;

/** A recorded-spill file that is not what spec appendix B describes; the message says where and why. */
public final class RawFileFormatException extends IOException {
    public RawFileFormatException(String message) {
        super(message);
    }
}
