package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedTest {

    /** Slots: numeric, 3 categories, numeric; the table's row c holds {@code c*10, c*10+1}. */
    private static Embed known() {
        Embed e = new Embed(2).vocabularies(0, 3, 0);
        e.parameters().get("table1").setData(Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2));
        return e;
    }

    @Test
    void forwardLooksUpEachCategoryAndPassesNumericSlotsThrough() {
        Tensor y = known().forward(Tensor.of(new float[] {0.5f, 2, -1, 7, 0, 8}, 2, 3));
        assertEquals(Shape.of(2, 4), y.shape());
        assertArrayEquals(new float[] {0.5f, 20, 21, -1, 7, 0, 1, 8}, y.data());
    }

    @Test
    void backwardAddsTheGradientOfEveryRowToTheRowsOfTheCategoriesItUsed() {
        Embed e = known();
        e.forward(Tensor.of(new float[] {0, 2, 0, 0, 2, 0, 0, 1, 0}, 3, 3));
        Tensor dx = e.backward(Tensor.of(new float[] {9, 1, 2, 9, 9, 3, 4, 9, 9, 5, 6, 9}, 3, 4));
        assertArrayEquals(new float[] {0, 0, 5, 6, 4, 6}, e.parameters().get("table1").grad().data());
        assertArrayEquals(new float[] {9, 0, 9, 9, 0, 9, 9, 0, 9}, dx.data());
    }

    @Test
    void theOutputWidthIsUnknownUntilTheSlotLayoutIsGiven() {
        Sequential net = NetworkSpec.parse("embed(4) dense(2)");
        assertEquals(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN), net.get(0).inferShape(Shape.of(Shape.UNKNOWN, 3)));
        assertTrue(net.summary().contains("?"), net.summary());
        ((Embed) net.get(0)).vocabularies(5, 0, 7);
        net.inferShape(Shape.of(Shape.UNKNOWN, 3));
        assertEquals(Shape.of(Shape.UNKNOWN, 9), net.get(0).outputShape());
        assertEquals(Shape.of(5, 4), net.parameters().get("0.table0").shape());
        assertEquals(Shape.of(2, 9), net.parameters().get("1.weight").shape());
    }

    @Test
    void beforeTheSlotLayoutTheSummaryShowsTheTablesAndEveryCountDependingOnThemAsUnknown() {
        Sequential net = NetworkSpec.parse("embed(4) dense(2)");
        net.inferShape(Shape.of(Shape.UNKNOWN, 3));

        String[] before = net.summary().split("\n");
        assertEquals(List.of("0", "Embed(4)", "(?, ?)", "0.table<s> (?, 4) for each of ? categorical slots", "?"),
                cells(before[1]));
        assertEquals(List.of("1", "Dense(2)", "(?, 2)", "1.weight (2, ?), 1.bias (2,)", "?"), cells(before[2]));
        assertEquals("Total parameters: ? (some shapes are not known yet)", before[3]);

        ((Embed) net.get(0)).vocabularies(5, 0, 7);
        net.inferShape(Shape.of(Shape.UNKNOWN, 3));
        String[] after = net.summary().split("\n");
        assertEquals(List.of("0", "Embed(4)", "(?, 9)", "0.table0 (5, 4), 0.table2 (7, 4)", "48"), cells(after[1]));
        assertEquals("Total parameters: 68", after[3]);
    }

    /** The cells of a summary line, which separates them by two spaces or more. */
    private static List<String> cells(String line) {
        return List.of(line.strip().split(" {2,}"));
    }

    @Test
    void theSpecRecordsTheSlotLayoutAndParsesBackToTheSameTables() {
        Sequential net = NetworkSpec.parse("embed(3) dense(2)");
        ((Embed) net.get(0)).vocabularies(0, 4, 6);
        assertEquals("embed(3,vocab=0:4:6) dense(2)", net.spec());
        Sequential again = NetworkSpec.parse(net.spec());
        assertEquals(net.parameters().keySet(), again.parameters().keySet());
        assertEquals(Shape.of(6, 3), again.parameters().get("0.table2").shape());
    }

    @Test
    void initializationIsSeededLikeTheOtherLayers() {
        Embed a = new Embed(3).vocabularies(4, 0);
        Embed b = new Embed(3).vocabularies(4, 0);
        a.initialize(Initializers.xavier(), false, 7);
        b.initialize(Initializers.xavier(), false, 7);
        assertArrayEquals(a.parameters().get("table0").data().data(), b.parameters().get("table0").data().data());
    }

    @Test
    void aForwardWithoutTheSlotLayoutSaysToIndexTheColumns() {
        Embed e = new Embed(2);
        DeferredInitializationException error = assertThrows(DeferredInitializationException.class,
                () -> e.forward(Tensor.zeros(1, 3)));
        assertTrue(error.getMessage().contains("StringIndexer before VectorAssembler"), error.getMessage());
    }

    @Test
    void aLayoutWithoutCategoricalSlotsSaysToIndexTheColumns() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Embed(2).vocabularies(0, 0));
        assertTrue(error.getMessage().contains("StringIndexer before VectorAssembler"), error.getMessage());
    }

    @Test
    void anIndexOutsideTheVocabularyNamesTheRowSlotValueAndSize() {
        Embed e = known();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[] {0, 1, 0, 0, 3, 0}, 2, 3)));
        assertTrue(error.getMessage().contains("row 1, slot 1 holds 3.0, which is not a category index in [0, 3)"),
                error.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new float[] {0, 1.5f, 0}, 1, 3)));
        assertTrue(fraction.getMessage().contains("holds 1.5"), fraction.getMessage());
    }

    @Test
    void aBadVocabularyInTheSpecNamesTheEntry() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.parse("embed(2,vocab=0:x)"));
        assertTrue(error.getMessage().contains("vocab entry 2"), error.getMessage());
    }
}
