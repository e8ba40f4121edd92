package dev.lazynet.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimensions, some of which may still be unknown.
 *
 * <p>An unknown dimension is {@link #UNKNOWN} and prints as {@code ?}, so a weight declared as
 * {@code Dense(256)} before it has seen data shows as {@code (256, ?)}. Shapes are only ever
 * refined: {@link #refine(Shape)} fills unknown dimensions and refuses to change known ones.
 */
public final class Shape {

    /** The value of a dimension that is not known yet. */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions; each must be positive or {@link #UNKNOWN}.
     *
     * @throws IllegalArgumentException for a zero or negative dimension other than {@code UNKNOWN}
     */
    public static Shape of(int... dims) {
        int[] copy = dims.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] <= 0 && copy[i] != UNKNOWN) {
                throw new IllegalArgumentException("Dimension " + i + " of shape " + Arrays.toString(copy)
                        + " is " + copy[i] + ", but dimensions must be positive (or Shape.UNKNOWN for a size"
                        + " that is inferred later)");
            }
        }
        return new Shape(copy);
    }

    /**
     * Parses {@code "1,28,28"}, {@code "(1, 28, 28)"} or {@code "784"}; {@code ?} stands for an unknown
     * dimension.
     *
     * @throws IllegalArgumentException naming the text and the bad token
     */
    public static Shape parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Shape text is empty; expected comma-separated positive"
                    + " sizes such as \"1,28,28\"");
        }
        String body = text.strip();
        if (body.startsWith("(") && body.endsWith(")")) {
            body = body.substring(1, body.length() - 1);
        }
        String[] parts = body.split(",", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.equals("?")) {
                dims[i] = UNKNOWN;
                continue;
            }
            try {
                dims[i] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Shape \"" + text + "\" has \"" + p + "\" at position " + i
                        + ", which is not a whole number; expected comma-separated positive sizes such as"
                        + " \"1,28,28\"");
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("Shape \"" + text + "\" has " + dims[i] + " at position " + i
                        + "; every size must be positive, e.g. \"1,28,28\"");
            }
        }
        return new Shape(dims);
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, or {@link #UNKNOWN}. */
    public int dim(int i) {
        return dims[i];
    }

    /** A copy of the dimensions (the shape itself stays immutable). */
    public int[] dims() {
        return dims.clone();
    }

    /** True when no dimension is {@link #UNKNOWN}. */
    public boolean isKnown() {
        for (int d : dims) {
            if (d == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of elements.
     *
     * @throws IllegalStateException if a dimension is unknown
     */
    public int size() {
        long n = 1;
        for (int d : dims) {
            if (d == UNKNOWN) {
                throw new IllegalStateException("Shape " + this + " has unknown dimensions, so it has no size yet");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalStateException("Shape " + this + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) n;
    }

    /** The product of dimensions {@code from} (inclusive) to the end; all of them must be known. */
    public int sizeFrom(int from) {
        return Shape.of(Arrays.copyOfRange(dims, from, dims.length)).size();
    }

    /** This shape without its first dimension (the batch dimension of an input). */
    public Shape dropFirst() {
        return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** {@code first} followed by this shape's dimensions. */
    public Shape prepend(int first) {
        int[] copy = new int[dims.length + 1];
        copy[0] = first;
        System.arraycopy(dims, 0, copy, 1, dims.length);
        return Shape.of(copy);
    }

    /**
     * Whether {@code other} could be this shape once unknowns are filled: same rank and equal wherever
     * both are known.
     */
    public boolean isCompatible(Shape other) {
        if (other.rank() != rank()) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * This shape with its unknown dimensions taken from {@code other}.
     *
     * @throws IllegalArgumentException if the shapes are not {@linkplain #isCompatible compatible}
     */
    public Shape refine(Shape other) {
        if (!isCompatible(other)) {
            throw new IllegalArgumentException("Shape " + this + " cannot become " + other
                    + ": known dimensions never change");
        }
        int[] copy = dims.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == UNKNOWN) {
                copy[i] = other.dims[i];
            }
        }
        return new Shape(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Like {@code (256, ?)}; a rank-1 shape prints as {@code (10,)}, like Python tuples. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == UNKNOWN ? "?" : Integer.toString(dims[i]));
        }
        if (dims.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
