package na64.daq.export;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.util.Locale;

import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import na64.daq.pipeline.SpillSummary;

/**
 * {@code spills.parquet}: one row per spill summary with every field {@code daq dump} prints, the
 * per-stream accepted counts as {@code accepted_<stream>} columns, {@code missing_per_source} as a
 * map from source id to missing fragments, and -1 where the trigger unit sent no scaler.
 */
final class SpillTable {
    static final MessageType SCHEMA = Types.buildMessage()
            .required(INT64).named("run")
            .required(INT64).named("spill")
            .required(INT64).named("triggers")
            .required(INT64).named("complete")
            .required(INT64).named("incomplete")
            .required(INT64).named("duplicates")
            .required(INT64).named("protocol_errors")
            .required(INT64).named("accepted_invisible")
            .required(INT64).named("accepted_random")
            .required(INT64).named("accepted_calibration")
            .required(INT64).named("eot")
            .required(INT64).named("late")
            .required(INT64).named("misaligned")
            .required(INT64).named("fragments_received")
            .required(BOOLEAN).named("triggers_from_trigger_unit")
            .required(INT64).named("triggers_scaler")
            .required(INT64).named("dead_time_ns")
            .addField(Types.requiredMap().key(INT32).requiredValue(INT64).named("missing_per_source"))
            .addField(Types.requiredList().requiredElement(INT32).named("sources_not_ended"))
            .required(BINARY).as(stringType()).named("closed_by")
            .optional(BINARY).as(stringType()).named("config_hash")
            .required(INT64).named("begin_wall_clock_ns")
            .required(INT64).named("closed_wall_clock_ns")
            .named("spill");

    private final Row row = new Row(SCHEMA);

    void write(RecordConsumer rc, SpillSummary s) {
        Row r = row.on(rc);
        r.int64("run", s.run);
        r.int64("spill", s.spill);
        r.int64("triggers", s.triggers);
        r.int64("complete", s.complete);
        r.int64("incomplete", s.incomplete);
        r.int64("duplicates", s.duplicates);
        r.int64("protocol_errors", s.protocolErrors);
        r.int64("accepted_invisible", s.accepted[0]);
        r.int64("accepted_random", s.accepted[1]);
        r.int64("accepted_calibration", s.accepted[2]);
        r.int64("eot", s.eot);
        r.int64("late", s.late);
        r.int64("misaligned", s.misaligned);
        r.int64("fragments_received", s.fragmentsReceived);
        r.bool("triggers_from_trigger_unit", s.triggersFromTriggerUnit);
        r.int64("triggers_scaler", s.triggersScaler);
        r.int64("dead_time_ns", s.deadTimeNs);
        r.int64Map("missing_per_source", s.missingPerSource);
        r.int32List("sources_not_ended", s.sourcesNotEnded.stream().mapToInt(Integer::intValue).toArray());
        r.string("closed_by", s.closeReason.name().toLowerCase(Locale.ROOT));
        r.string("config_hash", s.configHash);
        r.int64("begin_wall_clock_ns", s.beginWallClockNs);
        r.int64("closed_wall_clock_ns", s.closedWallClockNs);
    }
}
