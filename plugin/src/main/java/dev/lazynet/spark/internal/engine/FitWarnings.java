package dev.lazynet.spark.internal.engine;

import dev.lazynet.spark.internal.data.PackedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.annotation.Private;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs that a finished fit learned nothing although it ran without error: inputs whose scale is far
 * from the unit scale the initializers assume, and a training loss that did not move. Each is logged
 * as a warning and kept in the training summary.
 */
@Private
public final class FitWarnings {

    private static final Logger LOG = LoggerFactory.getLogger(FitWarnings.class);

    /**
     * The band of root mean squares taken as unit scale. Xavier and Kaiming initialization (Glorot &amp;
     * Bengio 2010; He et al. 2015) keep each layer's outputs at its inputs' scale assuming inputs of about
     * unit variance; values a thousand times larger or smaller make the first outputs and gradients as
     * much larger or smaller, while the step size is tuned for unit scale.
     */
    static final double SMALLEST_UNIT_SCALE = 1e-3;
    static final double LARGEST_UNIT_SCALE = 1e3;
    /** A loss whose relative change over the fit stays below this did not move. */
    static final double FLAT_LOSS = 1e-6;

    private FitWarnings() {
    }

    /**
     * The warnings for a fit, each logged once.
     *
     * @param name the estimator's uid, for the log
     * @param data the packed input, with the scale of its values
     * @param history the loss of each epoch
     * @param regression whether the labels are regression targets (else class indices, of no scale)
     */
    public static List<String> of(String name, PackedData data, EpochHistory history, String featuresCol,
            String labelCol, boolean regression) {
        List<String> warnings = new ArrayList<>();
        if (!unitScale(data.featureRms)) {
            warnings.add(String.format(Locale.ROOT, "Column \"%s\" has values of root mean square %.3g, far from"
                    + " the unit scale (%.0e to %.0e) the initializers assume, so the network starts with outputs"
                    + " and gradients of the wrong scale and may learn little or nothing; standardize it, e.g. with"
                    + " StandardScaler (setWithMean(true))", featuresCol, data.featureRms, SMALLEST_UNIT_SCALE,
                    LARGEST_UNIT_SCALE));
        }
        if (regression && data.labelRms > LARGEST_UNIT_SCALE) {
            warnings.add(String.format(Locale.ROOT, "Column \"%s\" has labels of root mean square %.3g, far above"
                    + " the unit scale the network's outputs start at, so the squared error is dominated by that"
                    + " gap and the step size moves the outputs too slowly to close it; standardize or rescale the"
                    + " label, and undo it on the predictions", labelCol, data.labelRms));
        }
        List<Double> loss = history.loss();
        if (loss.size() >= 2) {
            double first = loss.get(0);
            double last = loss.get(loss.size() - 1);
            if (first > 0 && Math.abs(last - first) <= FLAT_LOSS * first) {
                warnings.add(String.format(Locale.ROOT, "The training loss did not move over %d epochs (%.6g, then"
                        + " %.6g): the network learned nothing; check the inputs' scale, and the stepSize",
                        loss.size(), first, last));
            }
        }
        for (String warning : warnings) {
            LOG.warn("{}: {}", name, warning);
        }
        return List.copyOf(warnings);
    }

    private static boolean unitScale(double rms) {
        return rms >= SMALLEST_UNIT_SCALE && rms <= LARGEST_UNIT_SCALE;
    }
}
