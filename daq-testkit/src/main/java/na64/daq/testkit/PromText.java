package na64.daq.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text-format (0.0.4) scrape, for assertions: samples by name and labels, TYPE and HELP. */
public final class PromText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: name, sorted labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public final String text;
    public final List<Sample> samples = new ArrayList<>();
    /** Family name to TYPE. */
    public final Map<String, String> types = new LinkedHashMap<>();
    /** Family name to HELP text. */
    public final Map<String, String> helps = new LinkedHashMap<>();

    public PromText(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ", 4);
                types.put(p[2], p[3]);
            } else if (line.startsWith("# HELP ")) {
                String[] p = line.split(" ", 4);
                helps.put(p[2], p.length > 3 ? p[3] : "");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Map<String, String> labels = new TreeMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4).replace("+Inf", "Infinity"))));
            }
        }
    }

    /** The value of the one sample with this name and (at least) these labels; fails if there is none or several. */
    public double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + " " + List.of(labelPairs) + " in scrape");
        }
        return found.get(0).value();
    }

    /** Sum over the samples with this name and (at least) these labels; fails if there is none. */
    public double sum(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.isEmpty()) {
            throw new AssertionError("no sample " + name + " " + List.of(labelPairs) + " in scrape");
        }
        return found.stream().mapToDouble(Sample::value).sum();
    }

    /** The samples with this name and (at least) these labels. */
    public List<Sample> find(String name, String... labelPairs) {
        List<Sample> out = new ArrayList<>();
        outer:
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    continue outer;
                }
            }
            out.add(s);
        }
        return out;
    }
}
