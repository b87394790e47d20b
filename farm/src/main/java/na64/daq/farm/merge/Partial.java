package na64.daq.farm.merge;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import na64.daq.pipeline.SpillSummary;

/**
 * One builder's summary of one spill over one frames partition, as published on the partials
 * topic: JSON {@code {"partition": p, "partitions": P, "summary": {...SpillSummary fields...}}}.
 * The record key is {@code run/spill/partition}.
 */
public record Partial(int partition, int partitions, SpillSummary summary) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The record key of this partial. */
    public String key() {
        return summary.run + "/" + summary.spill + "/" + partition;
    }

    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(new Wire(partition, partitions, summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Partial decode(byte[] json) {
        try {
            Wire w = JSON.readValue(json, Wire.class);
            return new Partial(w.partition, w.partitions, w.summary);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed partial summary: " + e.getMessage(), e);
        }
    }

    /** The JSON shape (public fields, as {@link SpillSummary} has). */
    public static final class Wire {
        public int partition;
        public int partitions;
        public SpillSummary summary;

        public Wire() {
        }

        Wire(int partition, int partitions, SpillSummary summary) {
            this.partition = partition;
            this.partitions = partitions;
            this.summary = summary;
        }
    }
}
