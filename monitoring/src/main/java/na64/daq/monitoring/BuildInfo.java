package na64.daq.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the running build: the jar manifest's {@code Implementation-Version} (the jar
 * plugin writes it from the POM), or, when running from class directories (tests, IDE), the
 * Maven-filtered {@code build.properties} next to this class. Exposed as {@code daq_build_info},
 * in {@code /status} and by {@code daq --version}.
 */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; "unknown" only if both sources are missing. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        String manifest = BuildInfo.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through: a build without its resource still runs
        }
        return "unknown";
    }
}
