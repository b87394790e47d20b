package na64.daq.export;

import java.util.List;
import java.util.Map;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;

/**
 * Writes the fields of one row through a {@link RecordConsumer}, finding each field's index by
 * name in the schema. Lists use Parquet's standard three-level layout
 * ({@code group NAME (LIST) { repeated group list { required T element } }}) and maps the
 * {@code key_value} layout, which pyarrow, awkward, DuckDB and hyparquet all read as lists and maps.
 * A null value leaves an optional field out (a null in the file).
 */
final class Row {
    private final GroupType type;
    private RecordConsumer rc;

    Row(GroupType type) {
        this.type = type;
    }

    Row on(RecordConsumer consumer) {
        this.rc = consumer;
        return this;
    }

    private int start(String name) {
        int i = type.getFieldIndex(name);
        rc.startField(name, i);
        return i;
    }

    void int64(String name, long v) {
        int i = start(name);
        rc.addLong(v);
        rc.endField(name, i);
    }

    void int32(String name, int v) {
        int i = start(name);
        rc.addInteger(v);
        rc.endField(name, i);
    }

    void bool(String name, boolean v) {
        int i = start(name);
        rc.addBoolean(v);
        rc.endField(name, i);
    }

    void float64(String name, double v) {
        int i = start(name);
        rc.addDouble(v);
        rc.endField(name, i);
    }

    void string(String name, String v) {
        if (v == null) {
            return;
        }
        int i = start(name);
        rc.addBinary(Binary.fromString(v));
        rc.endField(name, i);
    }

    void int32List(String name, int[] v) {
        if (v == null) {
            return;
        }
        int i = start(name);
        rc.startGroup();
        if (v.length > 0) {
            rc.startField("list", 0);
            for (int x : v) {
                element(() -> rc.addInteger(x));
            }
            rc.endField("list", 0);
        }
        rc.endGroup();
        rc.endField(name, i);
    }

    void stringList(String name, List<String> v) {
        int i = start(name);
        rc.startGroup();
        if (!v.isEmpty()) {
            rc.startField("list", 0);
            for (String s : v) {
                element(() -> rc.addBinary(Binary.fromString(s)));
            }
            rc.endField("list", 0);
        }
        rc.endGroup();
        rc.endField(name, i);
    }

    /** A list of lists of int32 (a waveform's samples per channel). */
    void int32Lists(String name, int[][] v) {
        if (v == null) {
            return;
        }
        int i = start(name);
        rc.startGroup();
        if (v.length > 0) {
            rc.startField("list", 0);
            for (int[] inner : v) {
                element(() -> {
                    rc.startGroup();
                    if (inner.length > 0) {
                        rc.startField("list", 0);
                        for (int x : inner) {
                            element(() -> rc.addInteger(x));
                        }
                        rc.endField("list", 0);
                    }
                    rc.endGroup();
                });
            }
            rc.endField("list", 0);
        }
        rc.endGroup();
        rc.endField(name, i);
    }

    /** A map of int32 keys to int64 values, in the map's order. */
    void int64Map(String name, Map<Integer, Long> v) {
        int i = start(name);
        rc.startGroup();
        if (!v.isEmpty()) {
            rc.startField("key_value", 0);
            for (Map.Entry<Integer, Long> e : v.entrySet()) {
                rc.startGroup();
                rc.startField("key", 0);
                rc.addInteger(e.getKey());
                rc.endField("key", 0);
                rc.startField("value", 1);
                rc.addLong(e.getValue());
                rc.endField("value", 1);
                rc.endGroup();
            }
            rc.endField("key_value", 0);
        }
        rc.endGroup();
        rc.endField(name, i);
    }

    private void element(Runnable value) {
        rc.startGroup();
        rc.startField("element", 0);
        value.run();
        rc.endField("element", 0);
        rc.endGroup();
    }
}
