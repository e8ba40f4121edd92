package dev.lazynet.spark.internal;

import java.util.Locale;
import org.apache.spark.annotation.Private;

/** Byte counts as the engine's and the file readers' messages show them. */
@Private
public final class ByteSizes {

    private ByteSizes() {
    }

    /** A byte count in binary units, e.g. {@code 1.5 GiB}. */
    public static String format(long n) {
        if (n < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }
}
