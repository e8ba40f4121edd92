package dev.lazynet.examples.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session of an example job so that the same main class works under
 * {@code spark-submit} and when started with plain {@code java} (as {@code run.sh} does).
 */
public final class SparkSessions {

    /** The master of most jobs when neither {@code --master} nor spark-submit chose one. */
    public static final String DEFAULT_MASTER = "local[*]";

    private SparkSessions() {
    }

    /**
     * A session for {@code appName} on {@code master}, or on spark-submit's master (else
     * {@code defaultMaster}) when {@code master} is {@code null}.
     */
    public static SparkSession create(String appName, String master, String defaultMaster) {
        SparkSession.Builder builder = SparkSession.builder();
        settings(appName, master, defaultMaster, System.getProperties(), ownJar()).forEach(builder::config);
        return builder.getOrCreate();
    }

    /**
     * The settings {@link #create} applies on top of what spark-submit put in the system properties.
     *
     * <ul>
     *   <li>the app name and master, unless spark-submit set them and the caller did not override;</li>
     *   <li>the web UI off on the embedded master, where nobody looks at it and its port may clash
     *       with another job's;</li>
     *   <li>the examples jar as {@code spark.jars} when executors run in other JVMs and nothing else
     *       ships the job's classes to them (a run without spark-submit).</li>
     * </ul>
     */
    static Map<String, String> settings(String appName, String master, String defaultMaster, Properties system,
            Path ownJar) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (system.getProperty("spark.app.name") == null) {
            settings.put("spark.app.name", appName);
        }
        String effective = master != null ? master : system.getProperty("spark.master", defaultMaster);
        if (master != null || system.getProperty("spark.master") == null) {
            settings.put("spark.master", effective);
        }
        boolean embedded = effective.startsWith("local[") || effective.equals("local");
        if (embedded && system.getProperty("spark.ui.enabled") == null) {
            settings.put("spark.ui.enabled", "false");
        }
        if (!embedded && system.getProperty("spark.jars") == null && ownJar != null) {
            settings.put("spark.jars", ownJar.toString());
        }
        return settings;
    }

    /** The jar these classes were loaded from, or {@code null} when they come from a class folder. */
    private static Path ownJar() {
        CodeSource source = SparkSessions.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location.toString().endsWith(".jar") ? location : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
