package dev.lazynet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StepSizeScheduleTest {

    private static double at(String schedule, int epoch, int epochs) {
        return StepSizeSchedule.parse(schedule).stepSize(0.1, epoch, epochs);
    }

    @Test
    void constantKeepsTheBaseStepSizeInEveryEpoch() {
        assertEquals(0.1, at("constant", 0, 5));
        assertEquals(0.1, at("constant", 4, 5));
        assertTrue(StepSizeSchedule.parse(" constant ").isConstant());
    }

    @Test
    void stepMultipliesByTheFactorEveryEEpochs() {
        assertEquals(0.1, at("step(2,0.5)", 0, 6));
        assertEquals(0.1, at("step(2,0.5)", 1, 6));
        assertEquals(0.05, at("step(2,0.5)", 2, 6));
        assertEquals(0.025, at("step(2, 0.5)", 5, 6), 1e-15);
    }

    @Test
    void cosineStartsAtTheBaseAndFallsTowardsZeroOverTheEpochs() {
        assertEquals(0.1, at("cosine", 0, 4), 1e-15);
        assertEquals(0.05, at("cosine", 2, 4), 1e-15);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 3 / 4)) / 2, at("cosine", 3, 4), 1e-15);
        assertTrue(at("cosine", 3, 4) > 0);
    }

    @Test
    void warmupRisesLinearlyThenTheMainScheduleCountsFromItsEnd() {
        assertEquals(0.1 / 3, at("warmup(3) step(1,0.5)", 0, 6), 1e-15);
        assertEquals(0.2 / 3, at("warmup(3) step(1,0.5)", 1, 6), 1e-15);
        assertEquals(0.1, at("warmup(3) step(1,0.5)", 2, 6), 1e-15);
        assertEquals(0.1, at("warmup(3) step(1,0.5)", 3, 6), 1e-15);
        assertEquals(0.05, at("warmup(3) step(1,0.5)", 4, 6), 1e-15);
        assertEquals(0.1, at("warmup(2) cosine", 2, 6), 1e-15);
        assertEquals(0.05, at("warmup(2) cosine", 4, 6), 1e-15);
    }

    @Test
    void theTextFormReadsBackToAnEqualSchedule() {
        for (String text : new String[] {"constant", "cosine", "step(3,0.1)", "warmup(2) cosine",
                "warmup(1) step(4,2.0)"}) {
            StepSizeSchedule schedule = StepSizeSchedule.parse(text);
            assertEquals(schedule, StepSizeSchedule.parse(schedule.toString()));
        }
        assertEquals("warmup(2) step(3,0.5)", StepSizeSchedule.parse("warmup( 2 )  step( 3 , 0.5 )").toString());
        assertFalse(StepSizeSchedule.parse("warmup(1) constant").isConstant());
    }

    @Test
    void anUnknownNameIsRefusedWithItsPositionAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepSizeSchedule.parse("warmup(2) linear"));

        assertEquals("The step size schedule \"warmup(2) linear\" has \"linear\" at position 11 where constant,"
                + " step(E,F) or cosine after the warmup was expected; " + StepSizeSchedule.GRAMMAR, e.getMessage());
    }

    @Test
    void aBadArgumentIsRefusedNamingWhichArgumentAndWhatItMustBe() {
        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class,
                () -> StepSizeSchedule.parse("step(3,-0.5)"));
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> StepSizeSchedule.parse("step(0,0.5)"));
        IllegalArgumentException warmup = assertThrows(IllegalArgumentException.class,
                () -> StepSizeSchedule.parse("warmup(x) cosine"));

        assertTrue(factor.getMessage().contains("has \"-0.5)\" at position 8 where the factor F of step(E,F), a"
                + " finite number > 0 was expected"), factor.getMessage());
        assertTrue(epochs.getMessage().contains("at position 6 where the epochs E of step(E,F), a whole number >= 1"),
                epochs.getMessage());
        assertTrue(warmup.getMessage().contains("at position 8 where the warmup's epochs W"), warmup.getMessage());
    }

    @Test
    void missingPunctuationOrTrailingTextIsRefusedWithItsPosition() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepSizeSchedule.parse("step(3 0.5)"))
                .getMessage().contains("position 8 where ',' was expected"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepSizeSchedule.parse("cosine cosine"))
                .getMessage().contains("position 8 where the end of the schedule was expected"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepSizeSchedule.parse("warmup(2)cosine"))
                .getMessage().contains("position 10 where a space after warmup(2) was expected"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepSizeSchedule.parse(""))
                .getMessage().contains("has the end of the text at position 1"));
    }

    @Test
    void aScheduleThatUnderflowsAFloatIsRefusedNamingTheEpoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StepSizeSchedule.parse("step(1,1e-30)").requireUsable(0.1, 4));

        assertTrue(e.getMessage().startsWith("The stepSizeSchedule \"step(1,1.0E-30)\" with stepSize 0.1 gives epoch 3"
                + " of 4 the step size "), e.getMessage());
    }

    @Test
    void theSingleJvmTrainerSetsEachEpochsStepSizeOnTheOptimizer() {
        Optimizer sgd = Optimizer.create("sgd", 0.2, 0);
        LocalTrainer trainer = new LocalTrainer(new MeanSquaredError(), sgd, 3, 2, 1)
                .withSchedule(StepSizeSchedule.parse("step(1,0.5)"));
        Sequential network = NetworkSpec.parse("dense(1)");
        network.inferShape(Shape.of(Shape.UNKNOWN, 1));
        network.initialize(Initializers.xavier(), false, 1);

        trainer.fit(network, Tensor.of(new float[] {1, 2, 3, 4}, 4, 1), new float[] {1, 2, 3, 4});

        assertEquals(0.05f, (float) sgd.stepSize());
    }
}
