package dev.lazynet.spark.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DataFingerprintTest {

    private static DataFingerprint of(float[]... rows) {
        DataFingerprint.Builder builder = new DataFingerprint.Builder();
        for (float[] row : rows) {
            builder.add(row, row.length);
            builder.addHeldOut(false);
        }
        return builder.build();
    }

    private static final float[] A = {1, 2, 0};
    private static final float[] B = {0, 0, 0};
    private static final float[] C = {-0f, 3.5f, 1};

    @Test
    void partitionsCombinedInOrderGiveTheFingerprintOfAllTheirRowsInOne() {
        DataFingerprint whole = of(A, B, C);

        assertEquals(whole, of(A).then(of(B, C)));
        assertEquals(whole, of(A, B).then(DataFingerprint.EMPTY).then(of(C)));
        assertEquals(whole, DataFingerprint.EMPTY.then(whole));
    }

    @Test
    void anotherValueAnotherOrderOrARowOfZerosMoreChangeTheFingerprint() {
        DataFingerprint whole = of(A, B, C);

        assertNotEquals(whole, of(A, B, new float[] {0f, 3.5f, 1}));
        assertNotEquals(whole, of(B, A, C));
        assertNotEquals(whole, of(A, C));
        assertNotEquals(whole, of(B, A, B, C));
    }

    @Test
    void valuesAddedOneByOneOrInOneArrayGiveTheSameFingerprint() {
        float[] values = {1, 2, 0, -0f, 3.5f, 1, Float.NaN, 7};
        DataFingerprint.Builder together = new DataFingerprint.Builder();
        together.add(values, values.length);
        DataFingerprint.Builder oneByOne = new DataFingerprint.Builder();
        for (float value : values) {
            oneByOne.add(new float[] {value}, 1);
        }

        assertEquals(together.build(), oneByOne.build());
    }

    @Test
    void aValidationRowIsNotTheSameAsATrainingRow() {
        DataFingerprint.Builder held = new DataFingerprint.Builder();
        held.add(A, A.length);
        held.addHeldOut(true);

        assertNotEquals(of(A), held.build());
    }

    @Test
    void theTextFormIsSixteenHexDigits() {
        assertEquals("0000000000000000", DataFingerprint.EMPTY.toString());
        assertEquals(16, of(A).toString().length());
    }
}
