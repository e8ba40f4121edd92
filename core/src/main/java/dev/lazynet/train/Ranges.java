package dev.lazynet.train;

/**
 * Runs element-wise work over the indices {@code [0, n)} in ranges: all at once on the calling thread,
 * or split among threads that would otherwise wait. Each index is in exactly one range and the work on an
 * index depends on that index alone, so every split gives bitwise the same result.
 */
public interface Ranges {

    /** The whole of {@code [0, n)} as one range, on the calling thread. */
    Ranges SEQUENTIAL = (n, body) -> body.run(0, n);

    /** Runs {@code body} over ranges that cover {@code [0, n)} once each, and returns when all have run. */
    void forEach(int n, Body body);

    /** Work on the indices {@code [from, to)}. */
    interface Body {
        /** Does the work of the indices {@code [from, to)}. */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over the parts of the runs {@code [runs[2k], runs[2k+1])} (ascending, as {@link
     * TrainableRuns} gives them) that lie in {@code [from, to)}.
     */
    static void inRuns(int[] runs, int from, int to, Body body) {
        for (int r = 0; r < runs.length; r += 2) {
            int start = Math.max(from, runs[r]);
            int end = Math.min(to, runs[r + 1]);
            if (start < end) {
                body.run(start, end);
            }
        }
    }
}
