package na64.daq.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.airlift.compress.zstd.ZstdCompressor;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * parquet-java without Hadoop at run time. Three pieces keep Hadoop's classes from ever loading:
 * the file is a {@link LocalOutputFile} (java.nio), the configuration a {@link PlainParquetConfiguration}
 * (a map), and the ZSTD compressor is aircompressor's pure-Java one behind our own
 * {@link CompressionCodecFactory} (parquet's {@code CodecFactory} goes through Hadoop's codec
 * classes). Hadoop's {@code Configuration} appears below only in the signatures of deprecated
 * abstract methods that a subclass must declare; they are never called.
 */
final class ParquetFiles {
    /** Row groups of at most this many bytes are buffered before they are written. */
    static final long ROW_GROUP_BYTES = 64L << 20;

    private ParquetFiles() {
    }

    /**
     * Opens {@code file} for writing rows of {@code schema} (replacing it), each row written by
     * {@code writer}; {@code metadata} gives the key-value metadata when the file is closed.
     */
    static <T> ParquetWriter<T> open(Path file, MessageType schema, BiConsumer<RecordConsumer, T> writer,
                                     Supplier<Map<String, String>> metadata) throws IOException {
        return new Builder<>(file, new RowWriteSupport<>(schema, writer, metadata))
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final WriteSupport<T> support;

        Builder(Path file, WriteSupport<T> support) {
            super(new LocalOutputFile(file));
            this.support = support;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        @SuppressWarnings("deprecation")
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    /** Rows written field by field by a callback; metadata taken at close, once every row is known. */
    private static final class RowWriteSupport<T> extends WriteSupport<T> {
        private final MessageType schema;
        private final BiConsumer<RecordConsumer, T> writer;
        private final Supplier<Map<String, String>> metadata;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType schema, BiConsumer<RecordConsumer, T> writer, Supplier<Map<String, String>> metadata) {
            this.schema = schema;
            this.writer = writer;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        @SuppressWarnings("deprecation")
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(T record) {
            consumer.startMessage();
            writer.accept(consumer, record);
            consumer.endMessage();
        }

        @Override
        public String getName() {
            return "na64-daq-export";
        }

        @Override
        public FinalizedWriteContext finalizeWrite() {
            return new FinalizedWriteContext(metadata.get());
        }
    }

    /** ZSTD (level 3) in pure Java; the export only writes, so there is no decompressor. */
    private static final class ZstdCodecFactory implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
            if (codecName != CompressionCodecName.ZSTD) {
                throw new IllegalArgumentException("only ZSTD is configured, not " + codecName);
            }
            ZstdCompressor zstd = new ZstdCompressor();
            return new BytesInputCompressor() {
                private byte[] out = new byte[0];

                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] in = bytes.toByteArray();
                    int max = zstd.maxCompressedLength(in.length);
                    if (out.length < max) {
                        out = new byte[max];
                    }
                    int n = zstd.compress(in, 0, in.length, out, 0, out.length);
                    return BytesInput.from(Arrays.copyOf(out, n));
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return CompressionCodecName.ZSTD;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
            return new BytesInputDecompressor() {
                @Override
                public BytesInput decompress(BytesInput bytes, int decompressedSize) {
                    throw new UnsupportedOperationException("the export writes Parquet, it never reads it");
                }

                @Override
                public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize) {
                    throw new UnsupportedOperationException("the export writes Parquet, it never reads it");
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public void release() {
        }
    }
}
