package na64.daq.app.run;

import na64.daq.monitoring.RunControl.Requester;

/**
 * How a service begins: taking a run at once (today's behaviour, {@link #RUNNING}), numbered or not,
 * or idle until {@code POST /run/start} ({@code daq serve --idle}).
 *
 * @param idle true to wait idle for a start request
 * @param run  the run number to start with, or null
 * @param by   who is starting it, for the begin-of-run record
 */
public record RunStart(boolean idle, Long run, Requester by) {
    /** A run without a number, started by the program that embeds the service. */
    public static final RunStart RUNNING = new RunStart(false, null, Requester.api("DaqService.start"));
}
