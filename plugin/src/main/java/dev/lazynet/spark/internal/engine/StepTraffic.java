package dev.lazynet.spark.internal.engine;

import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.annotation.Private;

/**
 * What the driver's step coordinators of this JVM have received, over all one-job epochs: the steps
 * they completed, the messages with shares, the shares (each a {@link TreeSum} node) in them, and the
 * messages that came over {@link StepLines} rather than Spark's RPC or a direct call. The
 * driver's work per step is in the messages and shares per step, which the benchmark prints and the
 * tests check against the executors.
 */
@Private
public final class StepTraffic {

    private static final LongAdder STEPS = new LongAdder();
    private static final LongAdder MESSAGES = new LongAdder();
    private static final LongAdder SHARES = new LongAdder();
    private static final LongAdder LINE_MESSAGES = new LongAdder();

    /** The counts at one moment; subtract two to see one fit's. */
    public record Counts(long steps, long messages, long shares, long lineMessages) {

        /** The counts since {@code before}. */
        public Counts since(Counts before) {
            return new Counts(steps - before.steps, messages - before.messages, shares - before.shares,
                    lineMessages - before.lineMessages);
        }
    }

    private StepTraffic() {
    }

    /** The counts so far. */
    public static Counts now() {
        return new Counts(STEPS.sum(), MESSAGES.sum(), SHARES.sum(), LINE_MESSAGES.sum());
    }

    /** Counts a message with shares that came over a {@link StepLines} connection. */
    static void addLineMessage() {
        LINE_MESSAGES.increment();
    }

    static void add(long steps, long messages, long shares) {
        STEPS.add(steps);
        MESSAGES.add(messages);
        SHARES.add(shares);
    }
}
