package dev.lazynet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

/** Spark Connect's server finds third-party stages the way these tests do (MLUtils.loadOperators). */
class ConnectRegistrationTest {

    private static Set<Class<?>> listed(Class<?> service) {
        return ServiceLoader.load(service).stream().map(ServiceLoader.Provider::type).collect(Collectors.toSet());
    }

    @Test
    void serviceLoaderListsBothEstimatorsAndBothModels() {
        assertTrue(listed(Estimator.class).containsAll(Set.of(LazyNetClassifier.class, LazyNetRegressor.class)));
        assertTrue(listed(Transformer.class).containsAll(
                Set.of(LazyNetClassificationModel.class, LazyNetRegressionModel.class)));
    }

    @Test
    void theNoArgumentModelConstructorsSayWhereModelsComeFrom() {
        UnsupportedOperationException error =
                assertThrows(UnsupportedOperationException.class, LazyNetRegressionModel::new);
        assertEquals("LazyNetRegressionModel cannot be made without a network: get one from the estimator's fit or"
                + " from LazyNetRegressionModel.load(path); the public no-argument constructor exists only for Spark"
                + " Connect's ServiceLoader lookup", error.getMessage());
        assertThrows(UnsupportedOperationException.class, LazyNetClassificationModel::new);
    }
}
