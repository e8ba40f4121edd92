package dev.lazynet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.examples.cli.ExampleLauncher;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeferredInitTourTest {

    private static String output;

    @BeforeAll
    static void runTheTour() {
        JobRun tour = JobRun.of(DeferredInitTour::new);
        assertEquals(0, tour.exit(), tour.err());
        output = tour.out();
    }

    /** The text of the section whose heading contains {@code title}, up to the next heading. */
    private static String section(String title) {
        int start = output.indexOf("\n== ");
        while (start >= 0 && !output.substring(start, output.indexOf('\n', start + 1)).contains(title)) {
            start = output.indexOf("\n== ", start + 1);
        }
        assertTrue(start >= 0, "no section \"" + title + "\" in:\n" + output);
        int end = output.indexOf("\n== ", start + 1);
        return output.substring(start, end < 0 ? output.length() : end);
    }

    private static long count(String text, String line) {
        return text.lines().filter(line::equals).count();
    }

    @Test
    void helpPrintsTheUsageAndRunsNothing() {
        JobRun help = JobRun.of(DeferredInitTour::new, "--help");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("Usage: tour"), help.out());
        assertFalse(help.out().contains("== 1."), help.out());
    }

    @Test
    void anArgumentIsAUsageErrorSinceTheTourTakesNone() {
        String line = JobRun.of(DeferredInitTour::new, "--epochs", "3").oneErrorLine(ExampleLauncher.USAGE);
        assertTrue(line.startsWith("tour: Unknown options: '--epochs', '3'"), line);
    }

    @Test
    void theLastLineIsTheResultWithEveryCheckPassed() {
        List<String> lines = output.lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.matches("parameters=7946 checks_passed=\\d+ checks_failed=0"), last);
        assertFalse(output.contains("[FAILED]"), output);
    }

    @Test
    void theDeclaredNetworkShowsUnknownShapes() {
        String s = section("A network declared without input sizes");
        assertTrue(s.contains("0.weight (256, ?)") && s.contains("1.weight (10, ?)"), s);
    }

    @Test
    void readingAWeightEarlyPrintsTheErrorNamingIt() {
        String s = section("Reading a weight before the first forward pass");
        assertTrue(s.contains("DeferredInitializationException: Parameter '0.weight'"), s);
    }

    @Test
    void theCustomInitializerPrintsOncePerWeightOnTheFirstForwardOnly() {
        String first = section("The first forward pass");
        assertEquals(1, count(first, "Init weight (256, 20)"), first);
        assertEquals(1, count(first, "Init weight (10, 256)"), first);
        assertTrue(first.contains("0.weight (256, 20)") && first.contains("Total parameters: 7946"), first);
        String second = section("A second forward pass");
        assertFalse(second.contains("Init weight"), second);
        String forced = section("Forcing re-initialization");
        assertEquals(1, count(forced, "Init weight (256, 20)"), forced);
        assertEquals(1, count(forced, "Init weight (10, 256)"), forced);
    }

    @Test
    void theLaterSectionsShowEachStep() {
        assertTrue(section("A different initializer per layer").contains("1.weight row 0: [42.0000"), output);
        assertTrue(section("immediate initialization").contains("Init weight (256, 20)"), output);
        assertTrue(section("inferShape").contains("output shape (?, 10)"), output);
        assertTrue(section("Tied parameters").contains("[0.weight, 0.bias, 1.weight, 1.bias, 3.weight, 3.bias]"),
                output);
        String mismatch = section("An input of another size later");
        assertTrue(mismatch.contains("ShapeMismatchException: Dense(256, relu) at 0 expected input of shape (?, 20)"
                + " but got (2, 30)"), mismatch);
    }
}
