package dev.lazynet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Tensor;
import dev.lazynet.train.Adam;
import dev.lazynet.train.LocalTrainer;
import dev.lazynet.train.SoftmaxCrossEntropy;
import dev.lazynet.train.TrainingHistory;
import org.junit.jupiter.api.Test;

class DenseSmokeTest {

    @Test
    void xorIsLearnedByADeferredMlp() {
        Sequential net = new Sequential().add(new Dense(8, Activation.TANH), new Dense(2));
        net.initialize(Initializers.xavier(), false, 3);
        assertThrows(DeferredInitializationException.class, () -> ((Dense) net.get(0)).weight().data());
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        float[] y = {0, 1, 1, 0};
        TrainingHistory h = new LocalTrainer(new SoftmaxCrossEntropy(), new Adam(0.05, 0.9, 0.999, 1e-8, 0), 300, 4, 1)
                .fit(net, Tensor.of(x, 4, 2), y);
        assertTrue(h.lossHistory().get(299) < 0.05, "final loss " + h.lossHistory().get(299));
        net.setTraining(false);
        Tensor out = net.forward(Tensor.of(x, 4, 2));
        for (int r = 0; r < 4; r++) {
            int predicted = out.get(r, 1) > out.get(r, 0) ? 1 : 0;
            assertEquals((int) y[r], predicted, "row " + r);
        }
        System.out.println(net.summary());
    }
}
