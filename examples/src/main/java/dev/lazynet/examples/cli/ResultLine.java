package dev.lazynet.examples.cli;

import java.io.PrintStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The last line an example job prints to standard output: its results as {@code key=value} pairs
 * separated by spaces, e.g. {@code test_accuracy=0.8871 epochs=10 train_seconds=41.2}. Scripts and
 * tests read it with {@link #parse(String)}.
 */
public final class ResultLine {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[^\\s=]+");

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Adds an integer result. */
    public ResultLine add(String key, long value) {
        return add(key, Long.toString(value));
    }

    /** Adds a real result rounded to {@code decimals} places, always with a dot as separator. */
    public ResultLine add(String key, double value, int decimals) {
        return add(key, String.format(Locale.ROOT, "%." + decimals + "f", value));
    }

    /**
     * Adds a result as text.
     *
     * @throws IllegalArgumentException for a key that is not lower-case snake case, a key given twice,
     *     or a value that is empty or holds a space or {@code =}
     */
    public ResultLine add(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Result key \"" + key + "\" is not lower-case snake case"
                    + " (letters, digits, _; starting with a letter), e.g. test_accuracy");
        }
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("Result " + key + " has value \"" + value + "\", but values"
                    + " must be non-empty and hold no space or '='; use _ or - instead");
        }
        if (values.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("Result " + key + " was added twice (first " + values.get(key)
                    + ", then " + value + "); each key appears once");
        }
        return this;
    }

    /** Prints the line and flushes, so it is the job's last output even if the JVM is stopped next. */
    public void print(PrintStream out) {
        out.println(this);
        out.flush();
    }

    /** The pairs in the order they were added, as they are printed. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        values.forEach((key, value) -> line.append(line.length() == 0 ? "" : " ").append(key).append('=')
                .append(value));
        return line.toString();
    }

    /**
     * The pairs of a result line, in order.
     *
     * @throws IllegalArgumentException naming the first word that is not {@code key=value}
     */
    public static Map<String, String> parse(String line) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String word : line.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq <= 0 || eq == word.length() - 1) {
                throw new IllegalArgumentException("\"" + word + "\" in result line \"" + line + "\" is not"
                        + " key=value");
            }
            parsed.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return Collections.unmodifiableMap(parsed);
    }
}
