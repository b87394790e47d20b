package na64.daq.app;


import na64.daq.protocol.FragmentFlyweight;
import na64.daq.store.StoredEvent;

/**
 * What {@code daq dump --fragments} adds to an event's JSON line: {@code "data"}, one object per
 * fragment in stored order, {@code {"source":2,"encoding":"waveform","samples":32,"channels":[
 * {"channel":0,"samples":[400,...]},...]}} or, for PEAK, {@code {"channel":0,"amplitude":120,
 * "peak_time":35}} per channel. ADC counts and ns exactly as on the wire.
 */
final class FragmentJson {
    private FragmentJson() {
    }

    /** The event's line with {@code "data"} appended. */
    static String withFragments(String eventLine, StoredEvent e) {
        StringBuilder b = new StringBuilder(eventLine.length() + 512 * e.fragments().size());
        b.append(eventLine, 0, eventLine.length() - 1).append(",\"data\":[");
        FragmentFlyweight f = new FragmentFlyweight();
        int k = 0;
        for (StoredEvent.Fragment frag : e.fragments()) {
            f.wrap(frag.payload(), 0, frag.payload().length);
            b.append(k++ > 0 ? "," : "").append("{\"source\":").append(frag.sourceId());
            if (f.validate() != null) {
                b.append(",\"error\":\"").append(f.validate().replace("\"", "'")).append("\"}");
                continue;
            }
            boolean peak = f.encoding() == FragmentFlyweight.ENCODING_PEAK;
            b.append(",\"encoding\":\"").append(peak ? "peak" : "waveform").append('"')
                    .append(",\"samples\":").append(f.samples()).append(",\"channels\":[");
            for (int i = 0; i < f.channelCount(); i++) {
                b.append(i > 0 ? "," : "").append("{\"channel\":").append(f.channel(i));
                if (peak) {
                    b.append(",\"amplitude\":").append(f.peakAmplitude(i)).append(",\"peak_time\":").append(f.peakTime(i));
                } else {
                    b.append(",\"samples\":[");
                    for (int s = 0; s < f.samples(); s++) {
                        b.append(s > 0 ? "," : "").append(f.sample(i, s));
                    }
                    b.append(']');
                }
                b.append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }
}
