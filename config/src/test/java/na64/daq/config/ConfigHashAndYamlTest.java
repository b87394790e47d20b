package na64.daq.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The content hash follows the values, not the writing; toYaml reads back to the same config. */
class ConfigHashAndYamlTest {

    private static final String BLOCK = """
            # my run
            beam:
              energyMeV: 80000
            streams:
              invisible:
                ecal:
                  fraction: 0.3
                srd:
                  min: 2
                  max: 100
            """;

    private static final String FLOW_REORDERED = """
            streams: {invisible: {srd: {max: 100.0, min: 2.0}, ecal: {fraction: 3.0e-1}}}
            beam: {energyMeV: 8.0e+4, particle: e-}   # particle as in the default
            """;

    @Test
    void sameContentInDifferentFormattingAndKeyOrderHasTheSameHash() {
        RunConfig a = ConfigLoader.parse(BLOCK, "a.yaml");
        RunConfig b = ConfigLoader.parse(FLOW_REORDERED, "b.yaml");

        assertThat(a.hash()).matches("[0-9a-f]{16}").isEqualTo(b.hash());
        assertThat(a).isEqualTo(b);
    }

    @Test
    void restatingADefaultValueKeepsTheDefaultHash() {
        assertThat(ConfigLoader.parse("reconstruction: {pedestalSamples: 4}", "a.yaml").hash())
                .isEqualTo(ConfigLoader.loadDefault().hash());
    }

    @Test
    void anyRecordedSettingChangesTheHash() {
        String base = ConfigLoader.parse(BLOCK, "a.yaml").hash();

        assertThat(ConfigLoader.parse(BLOCK.replace("0.3", "0.31"), "a.yaml").hash()).isNotEqualTo(base);
        assertThat(ConfigLoader.parse(BLOCK + "builder: {buildTimeoutMs: 2001}\n", "a.yaml").hash()).isNotEqualTo(base);
        assertThat(ConfigLoader.parse(BLOCK + "builder: {maxInFlightEvents: 4096}\n", "a.yaml").hash()).isNotEqualTo(base);
        assertThat(ConfigLoader.parse(BLOCK + "ingest: {silenceTimeoutMs: 4000}\n", "a.yaml").hash()).isNotEqualTo(base);
        assertThat(ConfigLoader.parse(BLOCK + "store: {storeIncomplete: false}\n", "a.yaml").hash()).isNotEqualTo(base);
    }

    @Test
    void deploymentSettingsLeaveTheHashAlone() {
        RunConfig base = ConfigLoader.parse(BLOCK, "a.yaml");
        RunConfig moved = ConfigLoader.parse(BLOCK + """
                ingest: {bindAddress: 0.0.0.0, port: 6000, allowedPeers: [10.0.0.1]}
                builder: {ringSize: 1024}
                store: {path: /data/elsewhere, syncAtSpillEnd: true}
                monitoring: {bindAddress: 0.0.0.0, port: 9465, token: secret}
                """, "a.yaml");

        assertThat(moved).isNotEqualTo(base);
        assertThat(moved.hash()).isEqualTo(base.hash());
        assertThat(ConfigLoader.canonicalJson(moved)).isEqualTo(ConfigLoader.canonicalJson(base))
                .doesNotContain("bindAddress", "allowedPeers", "ringSize", "\"path\"", "syncAtSpillEnd", "monitoring", "secret");
        assertThat(ConfigLoader.toYaml(moved)).as("the printed configuration still has them")
                .contains("6000", "/data/elsewhere", "9465");
    }

    @Test
    void hashIsTheSha256PrefixOfTheCanonicalJson() throws Exception {
        RunConfig c = ConfigLoader.loadDefault();
        String json = ConfigLoader.canonicalJson(c);
        byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(c.hash()).isEqualTo(java.util.HexFormat.of().formatHex(d).substring(0, 16));
        assertThat(json).startsWith("{\"beam\":{\"energyMeV\":100000.0,\"particle\":\"e-\"},\"builder\":")
                .doesNotContain("hash").doesNotContain(" ");
    }

    @Test
    void hashIgnoresTheHashField() {
        RunConfig c = ConfigLoader.loadDefault();
        RunConfig unhashed = new RunConfig(c.beam(), c.sources(), c.channelMap(), c.reconstruction(), c.streams(),
                c.builder(), c.ingest(), c.store(), c.monitoring(), null);

        assertThat(ConfigLoader.hash(unhashed)).isEqualTo(c.hash());
    }

    @Test
    void defaultRoundTripsThroughToYaml() {
        RunConfig c = ConfigLoader.loadDefault();
        String yaml = ConfigLoader.toYaml(c);

        assertThat(yaml).startsWith("# Effective NA64 DAQ run configuration, hash " + c.hash() + "\n");
        assertThat(ConfigLoader.parse(yaml, "printed.yaml")).isEqualTo(c);
    }

    @Test
    void unusualValuesRoundTripThroughToYaml() {
        RunConfig c = ConfigLoader.parse("""
                beam: {particle: 'yes'}
                sources:
                  - {id: 1, name: '123', kind: trigger, channels: 0}
                  - {id: 2, name: 'a: b # c', kind: msadc, channels: 3}
                channelMap:
                  - {source: 2, first: 0, count: 3, detector: veto, calibrations: [0.1, 1e-7, 3]}
                ingest: {allowedPeers: ['10.0.0.1', 'null']}
                store: {path: "C:\\\\daq store"}
                monitoring: {bindAddress: 0.0.0.0, token: '1e5'}
                """, "odd.yaml");

        RunConfig back = ConfigLoader.parse(ConfigLoader.toYaml(c), "printed.yaml");

        assertThat(back).isEqualTo(c);
        assertThat(back.monitoring().token()).isEqualTo("1e5");
        assertThat(back.store().path()).isEqualTo("C:\\daq store");
    }
}
