/**
 * Micrometer metrics on a Prometheus endpoint, the HTTP status and run-control endpoint, and the
 * run-control state machine of the DAQ filter service. Entry point: {@link na64.daq.monitoring.DaqMonitoring}.
 * Monitoring only reads the pipeline's single-writer counters; it never runs on the ingest or
 * builder thread.
 */
package na64.daq.monitoring;
