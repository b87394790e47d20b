/** JMH microbenchmarks of the hot path: frame decoding, the builder step, reconstruction and selection. */
package na64.daq.bench;
