package dev.lazynet.train;

import java.util.ArrayList;
import java.util.List;

/**
 * What an optimizer carries from one step to the next: the steps taken and its per-float slots (Adam's
 * first and second moments, SGD's velocity). Saving it with the weights lets a training run stop and
 * resume with exactly the updates it would have made without stopping.
 *
 * <p>The slots are copied in and out, so a state is a snapshot: later steps do not change it.
 */
public final class OptimizerState {

    private final String optimizer;
    private final long steps;
    private final List<float[]> slots;

    /**
     * @param optimizer the optimizer's name, as {@link Optimizer#create} takes it
     * @param steps steps taken (>= 0)
     * @param slots the per-float arrays, in the optimizer's order; empty before the first step
     */
    public OptimizerState(String optimizer, long steps, List<float[]> slots) {
        if (steps < 0) {
            throw new IllegalArgumentException("An optimizer state needs steps >= 0, but got " + steps);
        }
        this.optimizer = optimizer;
        this.steps = steps;
        this.slots = copy(slots);
    }

    /** The optimizer's name, e.g. {@code adam}. */
    public String optimizer() {
        return optimizer;
    }

    /** How many steps had been taken. */
    public long steps() {
        return steps;
    }

    /** Copies of the per-float slots. */
    public List<float[]> slots() {
        return copy(slots);
    }

    /**
     * Checks that this state fits an optimizer named {@code name} with {@code count} slots.
     *
     * @throws IllegalArgumentException naming what differs
     */
    void requireShape(String name, int count) {
        if (!optimizer.equals(name)) {
            throw new IllegalArgumentException("The optimizer state is " + optimizer + "'s, but it is being restored"
                    + " into " + name + "; resume with the optimizer that saved it");
        }
        if (!slots.isEmpty() && slots.size() != count) {
            throw new IllegalArgumentException("The " + name + " state has " + slots.size() + " slots, but " + name
                    + " keeps " + count);
        }
        if (slots.isEmpty() && steps > 0) {
            throw new IllegalArgumentException("The " + name + " state has " + steps + " steps but no slots");
        }
        for (float[] slot : slots) {
            if (slot.length != slots.get(0).length) {
                throw new IllegalArgumentException("The " + name + " state's slots differ in length: "
                        + slots.get(0).length + " and " + slot.length);
            }
        }
    }

    /** The slots without copying, for the optimizer restoring them. */
    List<float[]> slotsView() {
        return slots;
    }

    private static List<float[]> copy(List<float[]> arrays) {
        List<float[]> out = new ArrayList<>(arrays.size());
        for (float[] a : arrays) {
            out.add(a.clone());
        }
        return List.copyOf(out);
    }
}
