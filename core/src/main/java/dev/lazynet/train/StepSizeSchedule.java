package dev.lazynet.train;

import java.util.Locale;

/**
 * How the step size changes from epoch to epoch: the base step size times a factor of the epoch, set at
 * the start of each epoch and kept for all of its steps. The text form is
 * <pre>
 *   schedule := [ "warmup(" W ") " ] main
 *   main     := "constant" | "step(" E "," F ")" | "cosine"
 * </pre>
 * <ul>
 *   <li>{@code constant}: the base step size in every epoch;</li>
 *   <li>{@code step(E,F)}: times {@code F} every {@code E} epochs, {@code stepSize·F^⌊e/E⌋} in epoch
 *       {@code e} (counted from 0);</li>
 *   <li>{@code cosine}: from the base step size towards 0 over the fit's epochs,
 *       {@code stepSize·(1 + cos(π·e/n))/2} for epoch {@code e} of {@code n}, so the last epoch's is small
 *       but never 0;</li>
 *   <li>{@code warmup(W) }: epoch {@code e < W} uses {@code stepSize·(e+1)/W}, rising linearly to the base
 *       step size; the main schedule then counts its epochs from the end of the warmup, so a cosine spans
 *       the remaining {@code n − W} epochs.</li>
 * </ul>
 * A schedule is a pure function of the epoch, so a fit resumed from a checkpoint continues it exactly.
 */
public final class StepSizeSchedule {

    /** The grammar, for error messages. */
    public static final String GRAMMAR = "write constant, step(E,F) (times F every E epochs), or cosine (to 0 over"
            + " maxIter epochs), optionally preceded by \"warmup(W) \" (W epochs rising linearly to the step size),"
            + " e.g. \"warmup(2) cosine\"; E and W are whole numbers >= 1, F a number > 0";

    /** The default: the same step size in every epoch. */
    public static final StepSizeSchedule CONSTANT = new StepSizeSchedule(0, Kind.CONSTANT, 0, 0);

    private enum Kind { CONSTANT, STEP, COSINE }

    private final int warmup;
    private final Kind kind;
    private final int every;
    private final double factor;

    private StepSizeSchedule(int warmup, Kind kind, int every, double factor) {
        this.warmup = warmup;
        this.kind = kind;
        this.every = every;
        this.factor = factor;
    }

    /**
     * Reads a schedule's text form; spaces around it and around arguments are ignored.
     *
     * @throws IllegalArgumentException naming the text, the position (counted from 1) where it goes wrong
     *     and what was expected there
     */
    public static StepSizeSchedule parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("The step size schedule is null; " + GRAMMAR);
        }
        return new Reader(text).schedule();
    }

    /** Whether this is {@code constant} with no warmup, the schedule that changes nothing. */
    public boolean isConstant() {
        return warmup == 0 && kind == Kind.CONSTANT;
    }

    /** Whether the step sizes depend on the number of epochs of the fit ({@code cosine}). */
    public boolean dependsOnEpochs() {
        return kind == Kind.COSINE;
    }

    /**
     * The step size of epoch {@code epoch} (counted from 0) of a fit of {@code epochs} epochs.
     *
     * @param base the step size the schedule scales
     */
    public double stepSize(double base, int epoch, int epochs) {
        if (epoch < warmup) {
            return base * (epoch + 1) / warmup;
        }
        int e = epoch - warmup;
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(factor, e / every);
            case COSINE -> base * (1 + Math.cos(Math.PI * e / Math.max(1, epochs - warmup))) / 2;
        };
    }

    /**
     * Checks that every epoch of a fit of {@code epochs} epochs gets a step size the optimizer can use: a
     * positive, finite float32.
     *
     * @throws IllegalArgumentException naming the first epoch (counted from 1) whose step size is not, its
     *     value and what to change
     */
    public void requireUsable(double base, int epochs) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            float value = (float) stepSize(base, epoch, epochs);
            if (!(value > 0) || !Float.isFinite(value)) {
                throw new IllegalArgumentException("The stepSizeSchedule \"" + this + "\" with stepSize " + base
                        + " gives epoch " + (epoch + 1) + " of " + epochs + " the step size "
                        + stepSize(base, epoch, epochs) + ", which is not a positive finite float32; choose a"
                        + " factor closer to 1, a longer step interval or fewer epochs (maxIter)");
            }
        }
    }

    /** The canonical text form, which {@link #parse} reads back to an equal schedule. */
    @Override
    public String toString() {
        String main = switch (kind) {
            case CONSTANT -> "constant";
            case STEP -> "step(" + every + "," + factor + ")";
            case COSINE -> "cosine";
        };
        return warmup > 0 ? "warmup(" + warmup + ") " + main : main;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepSizeSchedule s && s.warmup == warmup && s.kind == kind && s.every == every
                && Double.compare(s.factor, factor) == 0;
    }

    @Override
    public int hashCode() {
        return ((warmup * 31 + kind.hashCode()) * 31 + every) * 31 + Double.hashCode(factor);
    }

    /** A cursor over the text that reports where it stopped making sense. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        StepSizeSchedule schedule() {
            skipSpaces();
            int warmup = 0;
            if (text.startsWith("warmup", at)) {
                at += "warmup".length();
                expect('(');
                warmup = wholeNumber("the warmup's epochs W of warmup(W)");
                expect(')');
                int before = at;
                skipSpaces();
                if (at == before) {
                    throw error("a space after warmup(" + warmup + ")");
                }
            }
            StepSizeSchedule schedule = main(warmup);
            skipSpaces();
            if (at < text.length()) {
                throw error("the end of the schedule");
            }
            return schedule;
        }

        private StepSizeSchedule main(int warmup) {
            if (text.startsWith("constant", at)) {
                at += "constant".length();
                return new StepSizeSchedule(warmup, Kind.CONSTANT, 0, 0);
            }
            if (text.startsWith("cosine", at)) {
                at += "cosine".length();
                return new StepSizeSchedule(warmup, Kind.COSINE, 0, 0);
            }
            if (text.startsWith("step", at)) {
                at += "step".length();
                expect('(');
                int every = wholeNumber("the epochs E of step(E,F)");
                expect(',');
                double factor = positiveNumber("the factor F of step(E,F)");
                expect(')');
                return new StepSizeSchedule(warmup, Kind.STEP, every, factor);
            }
            throw error(warmup > 0 ? "constant, step(E,F) or cosine after the warmup"
                    : "constant, step(E,F), cosine or warmup(W)");
        }

        private void expect(char c) {
            skipSpaces();
            if (at >= text.length() || text.charAt(at) != c) {
                throw error("'" + c + "'");
            }
            at++;
        }

        private int wholeNumber(String what) {
            String token = number();
            try {
                int value = Integer.parseInt(token);
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the position
            }
            at -= token.length();
            throw error(what + ", a whole number >= 1");
        }

        private double positiveNumber(String what) {
            String token = number();
            try {
                double value = Double.parseDouble(token);
                if (value > 0 && Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the position
            }
            at -= token.length();
            throw error(what + ", a finite number > 0");
        }

        /** The characters up to the next separator, consumed. */
        private String number() {
            skipSpaces();
            int start = at;
            while (at < text.length() && ",() ".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String expected) {
            String found = at >= text.length() ? "the end of the text"
                    : "\"" + text.substring(at, Math.min(text.length(), at + 12)) + "\"";
            return new IllegalArgumentException(String.format(Locale.ROOT,
                    "The step size schedule \"%s\" has %s at position %d where %s was expected; %s", text, found,
                    at + 1, expected, GRAMMAR));
        }
    }
}
