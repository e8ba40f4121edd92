package dev.lazynet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLineTest {

    @Test
    void pairsPrintInOrderWithFixedDecimalsAndParseBack() {
        ResultLine line = new ResultLine().add("test_accuracy", 0.88714, 4).add("epochs", 10)
                .add("train_seconds", 41.25, 1).add("master", "local[2]");
        assertEquals("test_accuracy=0.8871 epochs=10 train_seconds=41.3 master=local[2]", line.toString());
        Map<String, String> parsed = ResultLine.parse(line.toString());
        assertEquals(List.of("test_accuracy", "epochs", "train_seconds", "master"), List.copyOf(parsed.keySet()));
        assertEquals("0.8871", parsed.get("test_accuracy"));
    }

    @Test
    void aKeyThatIsNotSnakeCaseIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultLine().add("Test Accuracy", 1));
        assertTrue(e.getMessage().contains("\"Test Accuracy\""), e.getMessage());
    }

    @Test
    void aValueWithASpaceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultLine().add("data", "bundled subset"));
        assertTrue(e.getMessage().contains("\"bundled subset\""), e.getMessage());
    }

    @Test
    void aKeyAddedTwiceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultLine().add("epochs", 1).add("epochs", 2));
        assertTrue(e.getMessage().contains("epochs was added twice (first 1, then 2)"), e.getMessage());
    }

    @Test
    void aLineWithAWordThatIsNotAPairDoesNotParse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultLine.parse("epochs=3 done"));
        assertTrue(e.getMessage().contains("\"done\""), e.getMessage());
    }
}
