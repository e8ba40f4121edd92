package dev.lazynet.examples.data;

import java.util.Arrays;

/**
 * Images with one class label each: {@code labels.length} images of {@code rows x cols} pixels in
 * [0, 1], stored one after the other, row-major, in {@code pixels}.
 *
 * @param rows pixel rows of each image
 * @param cols pixel columns of each image
 * @param pixels every image's pixels, {@code count() * rows * cols} floats
 * @param labels the class of each image
 */
public record LabeledImages(int rows, int cols, float[] pixels, int[] labels) {

    /** Checks that there are exactly {@code rows * cols} pixels per label. */
    public LabeledImages {
        long expected = (long) labels.length * rows * cols;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("LabeledImages got " + pixels.length + " pixels for "
                    + labels.length + " labels of " + rows + "x" + cols + " images; expected " + expected);
        }
    }

    /**
     * Pairs an image file with its label file, checking that they hold the same number of items and
     * that every label is below {@code classes}.
     *
     * @throws IdxFormatException naming both files and both counts, or the file, item and bad label
     */
    public static LabeledImages pair(Idx.Images images, String imagesSource, int[] labels,
            String labelsSource, int classes) {
        if (images.count() != labels.length) {
            throw new IdxFormatException(imagesSource + " holds " + images.count() + " images but "
                    + labelsSource + " holds " + labels.length + " labels; the two files must come from"
                    + " the same set (train or t10k) and be complete");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IdxFormatException(labelsSource + " has label " + labels[i] + " at item " + i
                        + ", but the data set has classes 0.." + (classes - 1) + "; check that it is the"
                        + " right label file");
            }
        }
        return new LabeledImages(images.rows(), images.cols(), images.pixels(), labels);
    }

    /** The number of images. */
    public int count() {
        return labels.length;
    }

    /** Pixels in one image. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** The mean of all pixels of all images (0 when there are none). */
    public double pixelMean() {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return pixels.length == 0 ? 0 : sum / pixels.length;
    }

    /** The standard deviation of all pixels of all images around {@code mean}. */
    public double pixelStd(double mean) {
        double sum = 0;
        for (float p : pixels) {
            sum += (p - mean) * (p - mean);
        }
        return pixels.length == 0 ? 0 : Math.sqrt(sum / pixels.length);
    }

    /**
     * The images with every pixel mapped to {@code (p - mean) / std}, so that inputs are centred on zero
     * with unit spread, which gradient descent on ReLU networks converges faster from.
     *
     * @throws IllegalArgumentException if {@code std} is not positive
     */
    public LabeledImages standardized(double mean, double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("Cannot standardize pixels by a standard deviation of " + std
                    + "; it must be positive (are all training pixels equal?)");
        }
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (float) ((pixels[i] - mean) / std);
        }
        return new LabeledImages(rows, cols, scaled, labels);
    }

    /**
     * The first {@code n} images, or all of them when there are no more than {@code n}; for quick runs.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public LabeledImages first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Cannot take the first " + n + " images; give a count >= 0");
        }
        if (n >= count()) {
            return this;
        }
        return new LabeledImages(rows, cols, Arrays.copyOf(pixels, n * pixelsPerImage()),
                Arrays.copyOf(labels, n));
    }
}
