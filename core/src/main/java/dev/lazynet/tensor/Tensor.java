package dev.lazynet.tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense float32 array with a fully known shape, stored row-major (the last index varies fastest).
 *
 * <p>{@link #data()} is the live backing array, so kernels and BLAS work on it without copies;
 * {@link #reshape} returns a view over the same array.
 */
public final class Tensor {

    private final float[] data;
    private final Shape shape;

    private Tensor(float[] data, Shape shape) {
        this.data = data;
        this.shape = shape;
    }

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws IllegalArgumentException if the shape has unknown dimensions or does not hold
     *     exactly {@code data.length} elements
     */
    public static Tensor of(float[] data, int... shape) {
        return of(data, Shape.of(shape));
    }

    /** Wraps {@code data} (not copied) as a tensor of the given, fully known shape. */
    public static Tensor of(float[] data, Shape shape) {
        if (!shape.isKnown()) {
            throw new IllegalArgumentException("A tensor needs a fully known shape, but got " + shape);
        }
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("Shape " + shape + " holds " + shape.size() + " elements, but the"
                    + " array has " + data.length);
        }
        return new Tensor(data, shape);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(Shape.of(shape));
    }

    /** A tensor of zeros with the given, fully known shape. */
    public static Tensor zeros(Shape shape) {
        if (!shape.isKnown()) {
            throw new IllegalArgumentException("A tensor needs a fully known shape, but got " + shape);
        }
        return new Tensor(new float[shape.size()], shape);
    }

    /** Uniform random values in [0, 1) from a generator seeded with {@code seed}. */
    public static Tensor rand(long seed, int... shape) {
        Tensor t = zeros(shape);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) rng.nextDouble();
        }
        return t;
    }

    /** The shape; always fully known. */
    public Shape shape() {
        return shape;
    }

    /** The live backing array, row-major. */
    public float[] data() {
        return data;
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The element at {@code index}, one coordinate per dimension. */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Sets the element at {@code index} (one coordinate per dimension) to {@code value}. */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("Index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates, but the tensor has shape " + shape);
        }
        int off = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("Index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            off = off * d + index[i];
        }
        return off;
    }

    /** A view of the same data with another shape of the same size. */
    public Tensor reshape(int... newShape) {
        return reshape(Shape.of(newShape));
    }

    /** A view of the same data with another shape of the same size. */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != data.length) {
            throw new IllegalArgumentException("Cannot view a tensor of shape " + shape + " (" + data.length
                    + " elements) as " + newShape + " (" + newShape.size() + " elements)");
        }
        return new Tensor(data, newShape);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        Arrays.fill(data, value);
    }

    @Override
    public String toString() {
        int shown = Math.min(data.length, 8);
        StringBuilder sb = new StringBuilder("Tensor").append(shape).append(" [");
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(data[i]);
        }
        if (shown < data.length) {
            sb.append(", ...");
        }
        return sb.append(']').toString();
    }
}
