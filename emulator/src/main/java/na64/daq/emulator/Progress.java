package na64.daq.emulator;

/**
 * A sender's progress, reported to a {@link ProgressListener}.
 *
 * @param sourceId    the source reporting
 * @param spill       the spill it is sending (1-based)
 * @param spills      spills in the run
 * @param spillFrames frames of this spill sent so far
 * @param spillTotal  frames this spill holds for the source
 * @param spillDone   true once the spill's last frame is sent (and flushed)
 * @param frames      frames sent on all connections so far, heartbeats and HELLOs included
 * @param bytes       bytes sent so far
 */
public record Progress(int sourceId, int spill, int spills, long spillFrames, long spillTotal, boolean spillDone,
                       long frames, long bytes) {
}
