/** Micrometer metrics and the HTTP status/control endpoint of the service. */
package na64.daq.monitoring;
