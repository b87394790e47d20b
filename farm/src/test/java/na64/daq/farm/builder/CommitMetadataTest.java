package na64.daq.farm.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommitMetadataTest {
    @Test
    void roundTripsThroughItsJson() {
        CommitMetadata m = new CommitMetadata(new SpillKey(4242, 3), List.of("/a/store", "/b/store"), 1234);
        assertThat(CommitMetadata.decode(m.encode())).isEqualTo(m);
        assertThat(m.encode().length()).as("well under Kafka's 4096-byte metadata limit").isLessThan(200);
    }

    @Test
    void emptyOrForeignMetadataReadsAsNone() {
        assertThat(CommitMetadata.decode("")).isEqualTo(CommitMetadata.NONE);
        assertThat(CommitMetadata.decode(null)).isEqualTo(CommitMetadata.NONE);
        assertThat(CommitMetadata.decode("not json {")).isEqualTo(CommitMetadata.NONE);
    }

    @Test
    void aTakeoverAddsTheNewStoreAndKeepsTheOldOnesUntilTheLogEndAtTakeoverIsCommitted() {
        CommitMetadata dead = new CommitMetadata(new SpillKey(1, 1), List.of("/b1"), 0);
        CommitMetadata taken = dead.takenOverBy("/b2", 500);
        assertThat(taken.stores()).containsExactly("/b1", "/b2");
        assertThat(taken.until()).isEqualTo(500);
        assertThat(taken.committedAt(499, new SpillKey(1, 2), "/b2").stores()).containsExactly("/b1", "/b2");
        assertThat(taken.committedAt(500, new SpillKey(1, 2), "/b2").stores()).containsExactly("/b2");
    }

    @Test
    void retakingItsOwnPartitionNeedsNoOtherStore() {
        CommitMetadata mine = new CommitMetadata(null, List.of("/b1"), 0);
        assertThat(mine.takenOverBy("/b1", 900)).isEqualTo(mine);
    }
}
