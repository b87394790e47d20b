package na64.daq.emulator;

/**
 * What one emulated source sent.
 *
 * @param sourceId   the source
 * @param frames     frames sent, HELLOs and heartbeats included
 * @param bytes      bytes sent
 * @param heartbeats heartbeats sent (generated into gaps and sent while idle)
 * @param connections connections opened (1 plus reconnects)
 * @param error      why the source stopped early, or null if it sent everything
 */
public record SourceStats(int sourceId, long frames, long bytes, long heartbeats, long connections, String error) {
    /** True if the source sent everything. */
    public boolean ok() {
        return error == null;
    }
}
