package dev.lazynet.spark;

import static dev.lazynet.spark.FailureMessages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lazynet.spark.internal.data.NetworkRecipe;
import dev.lazynet.tensor.Shape;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/** The Params' descriptions and validators, whichever way a value is set; no Spark session needed. */
class LazyNetParamsTest {

    private static final LazyNetClassificationModel MODEL = new LazyNetClassificationModel("model",
            new NetworkRecipe("dense(2)", Shape.of(2), true), new float[6]);

    private static String error(Supplier<?> setting) {
        return assertThrows(IllegalArgumentException.class, setting::get).getMessage();
    }

    @Test
    void explainParamsShowsEachDefaultOnce() {
        for (Params stage : List.of(new LazyNetClassifier(), new LazyNetRegressor(), MODEL)) {
            for (String line : stage.explainParams().split("\n")) {
                assertEquals(line.indexOf("default:"), line.lastIndexOf("default:"), line);
            }
        }
        assertContains(new LazyNetClassifier().explainParams(),
                "maxIter: maximum number of epochs, passes over the data (>= 0) (default: 10)\n",
                "optimizer: optimizer: adam (betas 0.9, 0.999) or sgd (momentum 0.9), in any case (default: adam)\n",
                "probabilityCol: column name for the predicted class probabilities, the softmax of the raw"
                        + " prediction; empty: no such column (default: probability)\n");
    }

    @Test
    void theDescriptionsStateTheRulesThatAreNotConstraints() {
        LazyNetRegressor regressor = new LazyNetRegressor();

        assertContains(regressor.validationFraction().doc(), "set it or validationIndicatorCol, not both");
        assertContains(regressor.validationIndicatorCol().doc(), "set it or validationFraction, not both");
        assertContains(regressor.seed().doc(), "the dropout masks");
        assertContains(regressor.initializer().doc(), "uniform (scale 0.07)", "normal (sigma 0.01)");
        assertContains(regressor.localSteps().doc(), "(>= 1)");
    }

    @Test
    void optimizerNamesAreAcceptedInAnyCaseAndUsedInLowerCase() {
        LazyNetClassifier classifier = new LazyNetClassifier().setOptimizer("SGD");
        assertEquals("sgd", classifier.getOptimizer());
        assertEquals("SGD", classifier.getOrDefault(classifier.optimizer()));

        LazyNetClassifier viaParamMap = new LazyNetClassifier();
        LazyNetClassifier copy = viaParamMap.copy(new ParamMap().put(viaParamMap.optimizer(), " Adam"));
        assertEquals("adam", copy.getOptimizer());
        assertContains(error(() -> new LazyNetClassifier().setOptimizer("adagrad")), "Invalid value adagrad for optimizer",
                "adam", "sgd");
    }

    @Test
    void aSpecSetThroughAParamMapIsCheckedAsSetLayersChecksIt() {
        LazyNetClassifier classifier = new LazyNetClassifier();

        String viaParamMap = error(() -> new ParamMap().put(classifier.layers(), "dense(16,relu) dense(0)"));
        String viaSetter = error(() -> classifier.setLayers("dense(16,relu) dense(0)"));
        assertEquals(viaSetter, viaParamMap);
        assertContains(viaParamMap, "Layer 2 \"dense(0)\" of spec \"dense(16,relu) dense(0)\"",
                "units must be positive but was 0", "usage: dense(units[,activation])");
        assertContains(error(() -> classifier.layers().w("dense(8) warp(2)")), "Layer 2", "unknown layer \"warp\"",
                "Valid layers: dense(units[,activation])");
    }

    @Test
    void initializerAndInputShapeSetThroughAParamMapAreCheckedToo() {
        LazyNetRegressor regressor = new LazyNetRegressor();

        assertContains(error(() -> new ParamMap().put(regressor.initializer(), "glorot")),
                "Unknown initializer \"glorot\"", "xavier");
        assertContains(error(() -> new ParamMap().put(regressor.inputShape(), "1,x")), "\"x\"");
        assertEquals("", regressor.copy(new ParamMap().put(regressor.inputShape(), "")).getInputShape());
    }

    @Test
    void copiesReturnTheirOwnTypeWithTheSameParams() {
        LazyNetClassifier classifier = new LazyNetClassifier().setLayers("dense(3)").setMaxIter(4);
        LazyNetClassifier copy = classifier.copy(new ParamMap().put(classifier.seed(), 5L));

        assertEquals(classifier.uid(), copy.uid());
        assertEquals("dense(3)", copy.getLayers());
        assertEquals(4, copy.getMaxIter());
        assertEquals(5L, copy.getSeed());
        assertEquals(LazyNetRegressor.class, new LazyNetRegressor().copy(ParamMap.empty()).getClass());
    }
}
