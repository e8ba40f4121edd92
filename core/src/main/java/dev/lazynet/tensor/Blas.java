package dev.lazynet.tensor;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Row-major matrix products over the dev.ludovic.netlib BLAS that Spark MLlib ships.
 *
 * <p>netlib picks the fastest implementation it can load: the system's native BLAS (Debian:
 * {@code libopenblas0-pthread}), else the JDK Vector API, else plain Java. The system property
 * {@code lazynet.blas} ({@code native}, {@code vector} or {@code java}) forces one, and
 * {@link #use(Implementation)} switches at run time so tests can compare all three.
 *
 * <p>BLAS is column-major; a row-major {@code C = A·B} is the column-major {@code Cᵀ = Bᵀ·Aᵀ}, so
 * {@link #gemm} swaps the operands instead of copying anything.
 */
public final class Blas {

    /** The BLAS implementations LazyNet can run on. */
    public enum Implementation {
        /** The system's BLAS through JNI (OpenBLAS on Debian). */
        NATIVE,
        /** netlib's Java port vectorized with {@code jdk.incubator.vector}. */
        VECTOR,
        /** netlib's plain Java port. */
        JAVA
    }

    private static volatile Blas current = defaultInstance();

    private final BLAS blas;
    private final Implementation implementation;

    private Blas(BLAS blas, Implementation implementation) {
        this.blas = blas;
        this.implementation = implementation;
    }

    /** The instance the layers use. */
    public static Blas current() {
        return current;
    }

    /**
     * Makes every later kernel call use {@code implementation}.
     *
     * @throws IllegalStateException if that implementation cannot be loaded here
     */
    public static void use(Implementation implementation) {
        current = of(implementation);
    }

    /** The implementations that load on this machine, fastest first. */
    public static List<Implementation> available() {
        List<Implementation> list = new ArrayList<>();
        for (Implementation impl : Implementation.values()) {
            try {
                of(impl);
                list.add(impl);
            } catch (IllegalStateException e) {
                // Not loadable here; the list says what is.
            }
        }
        return list;
    }

    /**
     * An instance backed by {@code implementation}.
     *
     * @throws IllegalStateException if it cannot be loaded, with the reason
     */
    public static Blas of(Implementation implementation) {
        switch (implementation) {
            case NATIVE:
                try {
                    return new Blas(NativeBLAS.getInstance(), Implementation.NATIVE);
                } catch (RuntimeException | LinkageError e) {
                    throw new IllegalStateException("No native BLAS could be loaded (" + e.getMessage()
                            + "); on Debian install it with: apt-get install -y libopenblas0-pthread", e);
                }
            case VECTOR: {
                JavaBLAS java = JavaBLAS.getInstance();
                if (!java.getClass().getSimpleName().equals("VectorBLAS")) {
                    throw new IllegalStateException("The Vector API BLAS is not available; run the JVM with"
                            + " --add-modules=jdk.incubator.vector");
                }
                return new Blas(java, Implementation.VECTOR);
            }
            case JAVA:
                return new Blas(plainJava(), Implementation.JAVA);
            default:
                throw new AssertionError(implementation);
        }
    }

    /** netlib hides its plain Java port behind a package-private class; it has a public factory. */
    private static BLAS plainJava() {
        try {
            Class<?> cls = Class.forName("dev.ludovic.netlib.blas.Java11BLAS");
            Method factory = cls.getMethod("getInstance");
            factory.setAccessible(true);
            return (BLAS) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("netlib's plain Java BLAS could not be loaded: " + e, e);
        }
    }

    private static Blas defaultInstance() {
        String forced = System.getProperty("lazynet.blas");
        if (forced != null && !forced.isBlank()) {
            try {
                return of(Implementation.valueOf(forced.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("System property lazynet.blas is \"" + forced
                        + "\"; expected one of native, vector, java", e);
            }
        }
        BLAS best = BLAS.getInstance();
        String name = best.getClass().getSimpleName();
        Implementation impl = best instanceof NativeBLAS ? Implementation.NATIVE
                : name.equals("VectorBLAS") ? Implementation.VECTOR : Implementation.JAVA;
        return new Blas(best, impl);
    }

    /** Which implementation this instance runs on. */
    public Implementation implementation() {
        return implementation;
    }

    /** A human-readable description, e.g. {@code NATIVE (JNIBLAS)}. */
    public String describe() {
        return implementation + " (" + blas.getClass().getSimpleName() + ")";
    }

    /**
     * Row-major {@code C = alpha · op(A) · op(B) + beta · C}, where {@code op(A)} is {@code m × k},
     * {@code op(B)} is {@code k × n} and {@code C} is {@code m × n}, each stored densely from its offset.
     * With {@code beta = 0} the old contents of {@code C} are ignored, NaN included (BLAS's rule), so a
     * reused output buffer needs no clearing first.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOffset, float[] b, int bOffset, float beta, float[] c, int cOffset) {
        if (m == 0 || n == 0) {
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b, bOffset, Math.max(1, ldb), a, aOffset, Math.max(1, lda), beta, c, cOffset, Math.max(1, n));
    }

    /** {@code gemm} with all offsets zero. */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, float[] b, float beta, float[] c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
    }
}
