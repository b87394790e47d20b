package na64.daq.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static na64.daq.config.Problems.num;

/**
 * Checks a bound {@link RunConfig} against the rules the rest of the service relies on, reporting
 * every violation with its path into {@link Problems}. Values that could not be read were already
 * reported by {@link TreeBinder}; {@link Problems} drops checks on them.
 */
final class ConfigValidator {

    /** Bounds on the builder's power-of-two sizes: big enough to be useful, small enough to allocate up front. */
    static final int MIN_POW2 = 64;
    static final int MAX_POW2 = 1 << 22;
    /**
     * Upper bound on every timeout: one hour. Far above any useful value (a spill lasts seconds), and
     * far below where milliseconds turned into nanoseconds overflow a long (9.2e12 ms).
     */
    static final long MAX_TIMEOUT_MS = 3_600_000;
    /** Upper bound on connections waiting for their HELLO. */
    static final int MAX_PENDING = 4096;

    private final Problems p;

    ConfigValidator(Problems problems) {
        this.p = problems;
    }

    void validate(RunConfig c) {
        beam(c.beam());
        sources(c.sources());
        channelMap(c);
        reconstruction(c.reconstruction());
        streams(c.streams());
        builder(c.builder());
        ingest(c.ingest());
        store(c.store());
        monitoring(c.monitoring());
    }

    private void beam(RunConfig.Beam b) {
        if (b.particle().isBlank()) {
            p.add("beam.particle", "must not be empty");
        }
        if (!(b.energyMeV() > 0) || !Double.isFinite(b.energyMeV())) {
            p.add("beam.energyMeV", "must be a finite number > 0, got " + num(b.energyMeV()));
        }
    }

    private void sources(List<RunConfig.SourceConfig> sources) {
        Map<Integer, Integer> ids = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        int triggers = 0;
        for (int i = 0; i < sources.size(); i++) {
            RunConfig.SourceConfig s = sources.get(i);
            String at = "sources[" + i + "]";
            if (s.id() < 1 || s.id() > 65534) {
                p.add(at + ".id", "must be in 1..65534, got " + s.id());
            } else if (!p.anyUnreadableUnder(at + ".id")) {
                Integer first = ids.putIfAbsent(s.id(), i);
                if (first != null) {
                    p.add(at + ".id", "duplicate: sources[" + first + "] already has id " + s.id());
                }
            }
            if (s.name().isBlank()) {
                p.add(at + ".name", "must not be empty");
            } else {
                Integer first = names.putIfAbsent(s.name(), i);
                if (first != null) {
                    p.add(at + ".name", "duplicate: sources[" + first + "] already has name \"" + s.name() + "\"");
                }
            }
            if (s.kind() == RunConfig.SourceKind.TRIGGER) {
                triggers++;
                if (s.channels() != 0) {
                    p.add(at + ".channels", "must be 0 for the trigger unit, got " + s.channels());
                }
            } else if (s.kind() == RunConfig.SourceKind.MSADC && (s.channels() < 1 || s.channels() > 65535)) {
                p.add(at + ".channels", "must be in 1..65535, got " + s.channels());
            }
        }
        if (triggers != 1) {
            p.add("sources", "exactly one source of kind trigger is required, found " + triggers);
        }
    }

    private void channelMap(RunConfig c) {
        List<RunConfig.ChannelRange> map = c.channelMap();
        // References into sources are only meaningful when every source could be read.
        boolean sourcesReadable = !p.anyUnreadableUnder("sources");
        for (int i = 0; i < map.size(); i++) {
            RunConfig.ChannelRange r = map.get(i);
            String at = "channelMap[" + i + "]";
            boolean rangeOk = true;
            if (r.first() < 0) {
                p.add(at + ".first", "must be >= 0, got " + r.first());
                rangeOk = false;
            }
            if (r.count() < 1) {
                p.add(at + ".count", "must be >= 1, got " + r.count());
                rangeOk = false;
            }
            if (sourcesReadable) {
                RunConfig.SourceConfig s = c.source(r.source());
                if (s == null) {
                    p.add(at + ".source", "no source with id " + r.source() + " is configured");
                } else if (s.kind() != RunConfig.SourceKind.MSADC) {
                    p.add(at + ".source", "source " + r.source() + " (" + s.name() + ") is not an msadc source");
                } else if (rangeOk && (long) r.first() + r.count() > s.channels()) {
                    p.add(at, "channels " + r.first() + ".." + ((long) r.first() + r.count() - 1) + " exceed source "
                            + r.source() + " (" + s.name() + ") which has channels 0.." + (s.channels() - 1));
                }
            }
            if (rangeOk && !p.anyUnreadableUnder(at)) {
                for (int j = 0; j < i; j++) {
                    RunConfig.ChannelRange o = map.get(j);
                    if (o.source() == r.source() && o.count() > 0 && o.first() >= 0
                            && r.first() < (long) o.first() + o.count() && o.first() < (long) r.first() + r.count()) {
                        p.add(at, "channels " + r.first() + ".." + ((long) r.first() + r.count() - 1) + " of source "
                                + r.source() + " overlap channelMap[" + j + "] (channels " + o.first() + ".."
                                + ((long) o.first() + o.count() - 1) + ")");
                    }
                }
            }
            if (!(r.calibration() >= 0) || !Double.isFinite(r.calibration())) {
                p.add(at + ".calibration", "must be a finite number >= 0, got " + num(r.calibration()));
            }
            List<Double> cs = r.calibrations();
            if (!cs.isEmpty()) {
                if (cs.size() != r.count()) {
                    p.add(at + ".calibrations", "must have one entry per channel (count " + r.count() + "), got "
                            + cs.size());
                }
                for (int k = 0; k < cs.size(); k++) {
                    double v = cs.get(k);
                    if (!(v >= 0) || !Double.isFinite(v)) {
                        p.add(at + ".calibrations[" + k + "]", "must be a finite number >= 0, got " + num(v));
                    }
                }
            }
        }
    }

    private void reconstruction(RunConfig.Reconstruction r) {
        if (r.pedestalSamples() < 1 || r.pedestalSamples() > 64) {
            p.add("reconstruction.pedestalSamples", "must be in 1..64, got " + r.pedestalSamples());
        }
        if (r.thresholdCounts() < 0) {
            p.add("reconstruction.thresholdCounts", "must be >= 0, got " + r.thresholdCounts());
        }
    }

    private void streams(RunConfig.Streams s) {
        String inv = "streams.invisible";
        RunConfig.Invisible i = s.invisible();
        atLeastOne(inv + ".prescale", i.prescale());
        finite(inv + ".srd.min", i.srd().min());
        finite(inv + ".srd.max", i.srd().max());
        if (i.srd().min() > i.srd().max()) {
            p.add(inv + ".srd.min", "must be <= srd.max (" + num(i.srd().max()) + "), got " + num(i.srd().min()));
        }
        finite(inv + ".ps.min", i.ps().min());
        double f = i.ecal().fraction();
        if (!(f > 0 && f <= 1)) {
            p.add(inv + ".ecal.fraction", "must be in (0, 1], got " + num(f));
        }
        finite(inv + ".hcal.max", i.hcal().max());
        finite(inv + ".veto.max", i.veto().max());
        atLeastOne("streams.random.prescale", s.random().prescale());
        atLeastOne("streams.calibration.everyNth", s.calibration().everyNth());
    }

    private void builder(RunConfig.Builder b) {
        timeout("builder.buildTimeoutMs", b.buildTimeoutMs());
        timeout("builder.spillTimeoutMs", b.spillTimeoutMs());
        powerOfTwo("builder.maxInFlightEvents", b.maxInFlightEvents());
        powerOfTwo("builder.ringSize", b.ringSize());
    }

    private void ingest(RunConfig.Ingest in) {
        if (in.bindAddress().isBlank()) {
            p.add("ingest.bindAddress", "must not be empty");
        }
        if (in.port() < 0 || in.port() > 65535) {
            p.add("ingest.port", "must be in 0..65535, got " + in.port());
        }
        for (int i = 0; i < in.allowedPeers().size(); i++) {
            if (in.allowedPeers().get(i).isBlank()) {
                p.add("ingest.allowedPeers[" + i + "]", "must not be empty");
            }
        }
        timeout("ingest.silenceTimeoutMs", in.silenceTimeoutMs());
        timeout("ingest.helloTimeoutMs", in.helloTimeoutMs());
        timeout("ingest.idleTimeoutMs", in.idleTimeoutMs());
        if (in.idleTimeoutMs() > 0 && in.silenceTimeoutMs() > 0 && in.silenceTimeoutMs() <= MAX_TIMEOUT_MS
                && in.idleTimeoutMs() < in.silenceTimeoutMs()) {
            p.add("ingest.idleTimeoutMs", "must be >= ingest.silenceTimeoutMs (" + in.silenceTimeoutMs() + "), got "
                    + in.idleTimeoutMs());
        }
        if (in.maxPendingConnections() < 1 || in.maxPendingConnections() > MAX_PENDING) {
            p.add("ingest.maxPendingConnections", "must be in 1.." + MAX_PENDING + ", got " + in.maxPendingConnections());
        }
    }

    private void store(RunConfig.Store s) {
        if (s.path().isBlank()) {
            p.add("store.path", "must not be empty");
        }
    }

    private void monitoring(RunConfig.Monitoring m) {
        if (m.bindAddress().isBlank()) {
            p.add("monitoring.bindAddress", "must not be empty");
        }
        if (m.port() < -1 || m.port() > 65535) {
            p.add("monitoring.port", "must be in 0..65535, or -1 to disable, got " + m.port());
        }
        boolean enabled = m.port() != -1;
        if (enabled && !m.bindAddress().isBlank() && !Addresses.isLoopback(m.bindAddress())
                && (m.token() == null || m.token().isBlank())) {
            p.add("monitoring.token", "required when monitoring.bindAddress is not loopback (\""
                    + m.bindAddress() + "\")");
        }
    }

    private void atLeastOne(String path, int v) {
        if (v < 1) {
            p.add(path, "must be >= 1, got " + v);
        }
    }

    private void timeout(String path, long v) {
        if (v <= 0) {
            p.add(path, "must be > 0, got " + v);
        } else if (v > MAX_TIMEOUT_MS) {
            p.add(path, "must be at most " + MAX_TIMEOUT_MS + " (one hour), got " + v);
        }
    }

    private void finite(String path, double v) {
        if (!Double.isFinite(v)) {
            p.add(path, "must be a finite number, got " + num(v));
        }
    }

    private void powerOfTwo(String path, int v) {
        if (v < MIN_POW2 || v > MAX_POW2) {
            p.add(path, "must be a power of two in " + MIN_POW2 + ".." + MAX_POW2 + ", got " + v);
        } else if (Integer.bitCount(v) != 1) {
            p.add(path, "must be a power of two, got " + v);
        }
    }
}
