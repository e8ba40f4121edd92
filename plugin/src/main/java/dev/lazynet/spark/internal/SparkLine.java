package dev.lazynet.spark.internal;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.annotation.Private;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link SparkInternals} of the running Spark, once per JVM: {@link SparkLineInternals} if
 * every Spark member it calls is there, else one that uses public API only, after one warning that says
 * what is missing. A jar built for one Spark minor may meet another's internals, where a
 * {@code private[spark]} method has moved; without this check the first one-job epoch would fail with a
 * {@link NoSuchMethodError} in the middle of a fit.
 */
@Private
public final class SparkLine {

    private static final Logger LOG = LoggerFactory.getLogger(SparkLine.class);

    private static SparkInternals chosen;

    private SparkLine() {
    }

    static synchronized SparkInternals internals() {
        if (chosen == null) {
            chosen = check(SparkLineInternals.INSTANCE);
        }
        return chosen;
    }

    /**
     * Checks {@code candidate} against the running Spark, and from now on gives it, or the public-API
     * implementation where it does not link, to every caller in this JVM: a test proves with a candidate
     * that does not link that a fit then runs through public API alone, and puts {@link #carried} back.
     *
     * @return what callers now get
     */
    public static synchronized SparkInternals choose(SparkInternals candidate) {
        chosen = check(candidate);
        return chosen;
    }

    /** The implementation this jar carries, before its check. */
    public static SparkInternals carried() {
        return SparkLineInternals.INSTANCE;
    }

    private static SparkInternals check(SparkInternals candidate) {
        try {
            candidate.checkLinks();
            return candidate;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("The Spark on the class path lacks an internal API that LazyNet's one-job epochs use ({}: {});"
                    + " every epoch runs a Spark job per step instead, with the same weights. A LazyNet jar built"
                    + " for this Spark's line runs them.", e.getClass().getSimpleName(), e.getMessage());
            return new PublicApiOnly(candidate.jobPropertyKeys());
        }
    }

    /** What a fit may use where the internals do not link: the job property keys alone. */
    private record PublicApiOnly(List<String> jobPropertyKeys) implements SparkInternals {

        @Override
        public boolean oneJobEpochs() {
            return false;
        }

        @Override
        public void checkLinks() {
        }

        @Override
        public int maxConcurrentTasks(SparkContext sc) {
            throw unavailable();
        }

        @Override
        public Server serve(String name, Handler handler) {
            throw unavailable();
        }

        @Override
        public Client connect(String name) {
            throw unavailable();
        }

        private static UnsupportedOperationException unavailable() {
            return new UnsupportedOperationException("The running Spark lacks the internal API of one-job epochs;"
                    + " LazyNet runs a Spark job per step on it");
        }
    }
}
