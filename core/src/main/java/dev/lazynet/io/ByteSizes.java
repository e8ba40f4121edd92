package dev.lazynet.io;

import java.util.Locale;

/** Byte counts as LazyNet's messages show them. */
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
