package dev.lazynet.examples.bench;

import java.util.Arrays;
import java.util.List;

/**
 * A system's time to the target test accuracy and staying there, seed by seed, and the median over the
 * seeds. One seed's time says more about that seed's luck (its initial weights and batch order) than about
 * the system: the two systems draw from different generators, so the same seed number is not the same
 * start on both sides. The benchmark compares the medians over the same seeds instead.
 *
 * <p>A seed that does not reach the target and stay there within the epochs it was given is neither
 * dropped nor given a made-up time: it counts as slower than every seed that reached it. That ranking is
 * exact, not a guess, because a seed that had reached it later would have needed more epochs than the run
 * gave, and so more time than any seed that did reach it within them (up to the clock's noise). The median
 * is then a time where more than half of the seeds reached the target, and "not reached" otherwise.
 *
 * @param seed the seed of the fit, or of the ladder of fits
 * @param epochs the epochs of the fit from which the accuracy stays, or, not reached, the epochs tried
 * @param seconds the time to the target, or {@link Double#POSITIVE_INFINITY} where it was not reached
 */
record TimeToTarget(long seed, int epochs, double seconds) {

    /** Whether this seed reached the target and stayed there. */
    boolean reached() {
        return seconds != Double.POSITIVE_INFINITY;
    }

    /**
     * The first index from which {@code accuracy} is at or above {@code target} and stays there for
     * {@code staysFor} more, or -1; a crossing too late to be seen staying does not count.
     */
    static int staysFrom(double[] accuracy, double target, int staysFor) {
        for (int i = 0; i + staysFor < accuracy.length; i++) {
            boolean stays = true;
            for (int j = i; j <= i + staysFor; j++) {
                stays &= accuracy[j] >= target;
            }
            if (stays) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A LazyNet ladder's time: the whole time of its first fit from which the accuracy stays at the
     * target for {@value Benchmark#STAYS_FOR} more fits, as each fit starts from scratch.
     */
    static TimeToTarget ofLadder(long seed, List<BenchmarkReport.Point> ladder, double target) {
        int from = staysFrom(ladder.stream().mapToDouble(BenchmarkReport.Point::accuracy).toArray(), target,
                Benchmark.STAYS_FOR);
        if (from < 0) {
            return new TimeToTarget(seed, ladder.size(), Double.POSITIVE_INFINITY);
        }
        BenchmarkReport.Point point = ladder.get(from);
        return new TimeToTarget(seed, point.iterations(), point.seconds());
    }

    /**
     * One fit's time, from the seconds of each of its epochs and the accuracy after each: the sum of the
     * epochs up to and including the first from which the accuracy stays at the target for
     * {@value Benchmark#STAYS_FOR} more, as one fit trains on through them.
     */
    static TimeToTarget ofEpochs(long seed, double[] epochSeconds, double[] accuracy, double target) {
        int from = staysFrom(accuracy, target, Benchmark.STAYS_FOR);
        if (from < 0) {
            return new TimeToTarget(seed, accuracy.length, Double.POSITIVE_INFINITY);
        }
        return new TimeToTarget(seed, from + 1, Arrays.stream(epochSeconds, 0, from + 1).sum());
    }

    /**
     * The median of the seeds' times, a seed that did not reach the target ranking above every one that
     * did; {@link Double#POSITIVE_INFINITY} where the median seed did not reach it. For an even count it
     * is the upper of the two middle times, as every median of the benchmark ({@link KernelBenchmark#median}).
     */
    static double median(List<TimeToTarget> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the median time to the target needs at least one seed, but got none");
        }
        return KernelBenchmark.median(seeds.stream().mapToDouble(TimeToTarget::seconds).toArray());
    }

    /**
     * The ratio of two medians, or {@code NaN} where either median seed did not reach the target, as
     * neither a bound nor a number would then say how far apart the two systems are.
     */
    static double ratio(double numerator, double denominator) {
        return Double.isInfinite(numerator) || Double.isInfinite(denominator) ? Double.NaN : numerator / denominator;
    }

    /** How many of {@code seeds} reached the target. */
    static long reachedCount(List<TimeToTarget> seeds) {
        return seeds.stream().filter(TimeToTarget::reached).count();
    }
}
