package dev.lazynet.examples;

import dev.lazynet.examples.cli.ExampleLauncher;
import dev.lazynet.examples.cli.HelpOption;
import dev.lazynet.examples.cli.ResultLine;
import dev.lazynet.nn.Activation;
import dev.lazynet.nn.DeferredInitializationException;
import dev.lazynet.nn.Dense;
import dev.lazynet.nn.FlatParameters;
import dev.lazynet.nn.Parameter;
import dev.lazynet.nn.Sequential;
import dev.lazynet.nn.ShapeMismatchException;
import dev.lazynet.nn.init.Initializer;
import dev.lazynet.nn.init.Initializers;
import dev.lazynet.tensor.Shape;
import dev.lazynet.tensor.Tensor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The "Lazy Initialization" chapter of Dive into Deep Learning (d2l.ai), with its companions
 * "Parameter Management" and "Parameter Initialization" (MXNet Gluon's deferred initialization), run
 * step by step: a network declared without input sizes, {@code initialize()} that only registers, the
 * error for reading a weight too early, the first forward pass that fixes every shape and runs the
 * initializer once, forced re-initialization, a different initializer per layer, input sizes given up
 * front, shape inference without data, tied parameters, and the error for an input of another size.
 *
 * <p>Each step prints what the chapter shows and checks it. No Spark is needed. The last line is the
 * result as {@code key=value} pairs; the exit status is 1 if a check failed.
 */
@Command(name = "tour", header = "the deferred-initialization tour, step by step, without Spark",
        description = {"Walks through deferred (lazy) initialization as the d2l.ai chapter does, printing and"
                + " checking each step.",
            "The last line of standard output is the result: parameters=... checks_passed=... checks_failed=..."})
public final class DeferredInitTour implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    private final PrintStream out;
    private int section;
    private int passed;
    private int failed;

    /** A tour that prints to {@code out}. */
    public DeferredInitTour(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the tour alone; {@code --help} prints the usage, and there are no other options.
     *
     * @param args {@code --help} or nothing
     */
    public static void main(String[] args) {
        ExampleLauncher.exit(new DeferredInitTour(System.out), args);
    }

    /** Runs every step; a failed check makes the exit status {@value ExampleLauncher#FAILED}. */
    @Override
    public Integer call() {
        section = 0;
        passed = 0;
        failed = 0;
        int parameters = run();
        new ResultLine()
                .add("parameters", parameters)
                .add("checks_passed", passed)
                .add("checks_failed", failed)
                .print(out);
        return failed > 0 ? ExampleLauncher.FAILED : 0;
    }

    /**
     * The chapter's {@code MyInit}: uniform in [-10, 10] with every value of magnitude below 5 set to
     * zero, announcing each weight it fills.
     */
    private static final class MyInit implements Initializer {
        private final PrintStream out;
        private int calls;

        MyInit(PrintStream out) {
            this.out = out;
        }

        @Override
        public void initWeight(String name, Tensor data, Random rng) {
            calls++;
            out.println("Init weight " + data.shape());
            float[] d = data.data();
            for (int i = 0; i < d.length; i++) {
                float v = (float) (rng.nextDouble() * 20 - 10);
                d[i] = Math.abs(v) >= 5 ? v : 0f;
            }
        }
    }

    /** The tour itself; returns the number of parameters of the chapter's network. */
    private int run() {
        Tensor x = Tensor.rand(42, 2, 20);

        heading("A network declared without input sizes");
        Sequential net = new Sequential().add(new Dense(256, Activation.RELU), new Dense(10));
        out.println("net = new Sequential().add(new Dense(256, RELU), new Dense(10))");
        out.print(net.summary());
        check(dense(net, 0).weight().shape().equals(Shape.of(256, Shape.UNKNOWN))
                && dense(net, 1).weight().shape().equals(Shape.of(10, Shape.UNKNOWN)),
                "the weights have shapes (256, ?) and (10, ?): the input sizes are unknown");

        heading("initialize() only registers");
        MyInit myInit = new MyInit(out);
        net.initialize(myInit);
        out.println("net.initialize(new MyInit())");
        for (Parameter p : net.parameters().values()) {
            out.println("  " + p);
        }
        out.println("(a bias's shape never depends on the input, so it is filled at once, as in Gluon)");
        check(!dense(net, 0).weight().isInitialized() && !dense(net, 1).weight().isInitialized() && myInit.calls == 0,
                "no weight is initialized and MyInit has not run: it waits for the shapes");

        heading("Reading a weight before the first forward pass");
        out.println("net.get(0).weight().data()");
        try {
            dense(net, 0).weight().data();
            check(false, "data() threw DeferredInitializationException");
        } catch (DeferredInitializationException e) {
            out.println("  DeferredInitializationException: " + e.getMessage());
            check(e.getMessage().contains("'0.weight'"), "the error names 0.weight and says how to resolve it");
        }

        heading("The first forward pass fixes the shapes and initializes");
        out.println("Y = net.forward(X), X of shape " + x.shape());
        Tensor y = net.forward(x);
        out.println("Y has shape " + y.shape());
        out.print(net.summary());
        check(dense(net, 0).weight().shape().equals(Shape.of(256, 20))
                && dense(net, 1).weight().shape().equals(Shape.of(10, 256)),
                "the weights now have shapes (256, 20) and (10, 256)");
        check(myInit.calls == 2, "MyInit ran once per weight");

        heading("A second forward pass does not initialize again");
        float[] before = dense(net, 0).weight().data().data().clone();
        out.println("Y = net.forward(X)");
        net.forward(x);
        check(myInit.calls == 2 && java.util.Arrays.equals(before, dense(net, 0).weight().data().data()),
                "no \"Init\" line above: the weights keep their values");

        heading("Forcing re-initialization");
        out.println("net.initialize(myInit, true)");
        net.initialize(myInit, true);
        check(myInit.calls == 4, "forceReinit runs MyInit again on every weight");

        heading("A different initializer per layer");
        out.println("net.get(0).initialize(Initializers.xavier(), true)");
        out.println("net.get(1).initialize(Initializers.constant(42), true)");
        net.get(0).initialize(Initializers.xavier(), true);
        net.get(1).initialize(Initializers.constant(42), true);
        out.println("0.weight row 0: " + firstValues(dense(net, 0).weight().data(), 5));
        out.println("1.weight row 0: " + firstValues(dense(net, 1).weight().data(), 5));
        double bound = Math.sqrt(6.0 / (20 + 256));
        check(maxAbs(dense(net, 0).weight().data()) <= bound,
                String.format(Locale.ROOT, "0.weight is Xavier: every |w| <= sqrt(6 / (20 + 256)) = %.4f", bound));
        check(allEqual(dense(net, 1).weight().data(), 42f), "1.weight is 42 everywhere");

        heading("Giving the input size up front: immediate initialization");
        Sequential eager = new Sequential().add(new Dense(256, Activation.RELU).inUnits(20), new Dense(10));
        MyInit eagerInit = new MyInit(out);
        out.println("eager = new Sequential().add(new Dense(256, RELU).inUnits(20), new Dense(10))");
        out.println("eager.initialize(new MyInit())");
        eager.initialize(eagerInit);
        check(dense(eager, 0).weight().isInitialized() && !dense(eager, 1).weight().isInitialized(),
                "layer 0 is initialized at once; layer 1 still waits for its input size");

        heading("inferShape: initialization without data");
        out.println("eager.inferShape(" + Shape.of(Shape.UNKNOWN, 20) + ")");
        Shape inferred = eager.inferShape(Shape.of(Shape.UNKNOWN, 20));
        out.println("output shape " + inferred);
        check(dense(eager, 1).weight().isInitialized() && eagerInit.calls == 2,
                "layer 1 is initialized from the inferred shape, no data needed");

        tiedParameters(x);

        heading("An input of another size later");
        Tensor wider = Tensor.rand(43, 2, 30);
        out.println("net.forward(X2), X2 of shape " + wider.shape());
        try {
            net.forward(wider);
            check(false, "the forward pass threw ShapeMismatchException");
        } catch (ShapeMismatchException e) {
            out.println("  ShapeMismatchException: " + e.getMessage());
            check(e.expected().equals(Shape.of(Shape.UNKNOWN, 20)) && e.actual().equals(wider.shape()),
                    "the error names the layer, the expected (?, 20) and the actual (2, 30)");
        }
        Tensor batch5 = net.forward(Tensor.rand(44, 5, 20));
        check(batch5.shape().equals(Shape.of(5, 10)), "a batch of 5 rows of 20 features works: any batch size does");

        out.println();
        return FlatParameters.of(net).size();
    }

    /** The chapter's tied layers: the third layer uses the second one's parameters. */
    private void tiedParameters(Tensor x) {
        heading("Tied parameters");
        Dense shared = new Dense(8, Activation.RELU);
        Sequential tied = new Sequential().add(new Dense(8, Activation.RELU), shared,
                new Dense(8, Activation.RELU).shareParameters(shared), new Dense(10));
        out.println("shared = new Dense(8, RELU)");
        out.println("tied = new Sequential().add(new Dense(8, RELU), shared,"
                + " new Dense(8, RELU).shareParameters(shared), new Dense(10))");
        tied.initialize(Initializers.xavier());
        tied.forward(x);
        out.println("parameters: " + tied.parameters().keySet());
        check(tied.parameters().size() == 6, "the tied weight and bias are listed once");
        shared.weight().data().set(100f, 0, 0);
        out.println("shared.weight()[0, 0] = 100  ->  layer 2 sees " + dense(tied, 2).weight().data().get(0, 0));
        check(dense(tied, 2).weight().data().get(0, 0) == 100f, "both layers see the same values");

        Sequential untied = new Sequential().add(new Dense(8, Activation.RELU), new Dense(8, Activation.RELU),
                new Dense(8, Activation.RELU), new Dense(10));
        untied.inferShape(Shape.of(Shape.UNKNOWN, 20));
        int[] source = {0, 1, 1, 3};
        for (int i = 0; i < 4; i++) {
            dense(untied, i).weight().setData(dense(tied, source[i]).weight().data());
            dense(untied, i).bias().setData(dense(tied, source[i]).bias().data());
        }
        Tensor ones = Tensor.zeros(x.shape().dim(0), 10);
        ones.fill(1f);
        tied.zeroGrad();
        tied.forward(x);
        tied.backward(ones);
        untied.forward(x);
        untied.backward(ones);
        float[] g = shared.weight().grad().data();
        float[] g1 = dense(untied, 1).weight().grad().data();
        float[] g2 = dense(untied, 2).weight().grad().data();
        double diff = 0;
        for (int i = 0; i < g.length; i++) {
            diff = Math.max(diff, Math.abs(g[i] - (g1[i] + g2[i])));
        }
        out.printf(Locale.ROOT, "after backward: |grad(shared) - (grad of use 1 + grad of use 2)| <= %.2e%n", diff);
        check(diff <= 1e-5, "the shared gradient is the sum of both uses' gradients");
    }

    private static Dense dense(Sequential net, int i) {
        return (Dense) net.get(i);
    }

    private void heading(String title) {
        section++;
        out.println();
        out.println("== " + section + ". " + title + " ==");
    }

    private void check(boolean ok, String claim) {
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        out.println((ok ? "  [ok] " : "  [FAILED] ") + claim);
    }

    private static String firstValues(Tensor t, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", t.data()[i]));
        }
        return sb.append(", ...]").toString();
    }

    private static double maxAbs(Tensor t) {
        double max = 0;
        for (float v : t.data()) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static boolean allEqual(Tensor t, float value) {
        for (float v : t.data()) {
            if (v != value) {
                return false;
            }
        }
        return true;
    }
}
