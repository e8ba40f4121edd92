package dev.lazynet.nn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The network spec text format: layers separated by whitespace, each a name with optional arguments.
 *
 * <pre>
 * spec     := layer (WS layer)*
 * layer    := NAME | NAME "(" arg ("," arg)* ")"
 * arg      := INTEGER | DECIMAL | ACTIVATION | NAME "=" INTEGER
 * </pre>
 *
 * <p>No layer takes an input size: that is what deferred initialization infers. Layer names,
 * activations and argument names may be written in any case; named arguments may come in any order
 * after the positional ones. The layers:
 *
 * <table>
 * <caption>The layers of the spec format and their arguments</caption>
 * <tr><th>Layer</th><th>Arguments</th><th>What it builds</th></tr>
 * <tr><td>{@code dense(units[,activation])}</td>
 *     <td>{@code units}: a positive whole number; {@code activation}: default {@code none}</td>
 *     <td>{@link Dense}, fully connected, weight {@code (units, in)}</td></tr>
 * <tr><td>{@code conv2d(channels,kernel[,activation][,stride=s][,padding=p])}</td>
 *     <td>{@code channels}, {@code kernel}: positive; {@code activation}: default {@code none};
 *     {@code stride}: positive, default 1; {@code padding}: 0 or more, default 0</td>
 *     <td>{@link Conv2d} on NCHW input, weight {@code (channels, in, kernel, kernel)}</td></tr>
 * <tr><td>{@code maxpool(kernel[,stride])}</td>
 *     <td>{@code kernel}: positive; {@code stride}: positive, default the kernel</td>
 *     <td>{@link MaxPool2d}</td></tr>
 * <tr><td>{@code avgpool(kernel[,stride])}</td>
 *     <td>{@code kernel}: positive; {@code stride}: positive, default the kernel</td>
 *     <td>{@link AvgPool2d}</td></tr>
 * <tr><td>{@code flatten}</td><td>none</td>
 *     <td>{@link Flatten}, {@code (N, d1, d2, ...)} to {@code (N, d1*d2*...)}</td></tr>
 * <tr><td>{@code dropout(p)}</td><td>{@code p}: a number in [0, 1)</td>
 *     <td>{@link Dropout}, which zeroes each value with probability {@code p} while training</td></tr>
 * <tr><td>{@code batchnorm}</td><td>none</td>
 *     <td>{@link BatchNorm}, with running statistics for prediction</td></tr>
 * <tr><td>{@code embed(dim[,vocab=v0:v1:...])}</td>
 *     <td>{@code dim}: positive; {@code vocab}: the vocabulary size of each feature slot, 0 for a numeric
 *     slot, which a Spark fit fills in from the features column's ML attributes</td>
 *     <td>{@link Embed}, a table {@code (vocab, dim)} per categorical slot, numeric slots passed through</td></tr>
 * <tr><td>{@code relu}, {@code sigmoid}, {@code tanh}</td><td>none</td>
 *     <td>an {@link ActivationLayer}</td></tr>
 * </table>
 *
 * <p>The activations are {@code relu}, {@code sigmoid}, {@code tanh} and {@code none}. For example
 * {@code "conv2d(6,5,relu) maxpool(2) flatten dense(120,relu) dense(10)"}, or
 * {@code "conv2d(16,3,relu,stride=2,padding=1)"}. {@link #grammar()} gives the same list in one line
 * for messages. Parsing errors name the token, its position (1-based, counting layers) and the valid
 * choices. {@link #format} and {@link Sequential#toString()} write a network back in this format.
 */
public final class NetworkSpec {

    /** A layer factory from its parsed arguments. */
    @FunctionalInterface
    interface Factory extends Function<Args, Layer> {
    }

    private record Entry(String usage, Factory factory) {
    }

    private static final Map<String, Entry> LAYERS = new LinkedHashMap<>();

    static {
        register("dense", "dense(units[,activation])", a -> {
            a.expectCount(1, 2);
            return new Dense(a.positiveInt(0, "units"), a.size() > 1 ? a.activation(1) : Activation.NONE);
        });
        register("conv2d", "conv2d(channels,kernel[,activation][,stride=s][,padding=p])", a -> {
            a.expectCount(2, 3);
            return new Conv2d(a.positiveInt(0, "channels"), a.positiveInt(1, "kernel"),
                    a.size() > 2 ? a.activation(2) : Activation.NONE)
                    .stride(a.namedPositiveInt("stride", 1))
                    .padding(a.namedNonNegativeInt("padding", 0));
        });
        register("maxpool", "maxpool(kernel[,stride])", a -> {
            a.expectCount(1, 2);
            int kernel = a.positiveInt(0, "kernel");
            return new MaxPool2d(kernel, a.size() > 1 ? a.positiveInt(1, "stride") : kernel);
        });
        register("avgpool", "avgpool(kernel[,stride])", a -> {
            a.expectCount(1, 2);
            int kernel = a.positiveInt(0, "kernel");
            return new AvgPool2d(kernel, a.size() > 1 ? a.positiveInt(1, "stride") : kernel);
        });
        register("flatten", "flatten", a -> {
            a.expectCount(0, 0);
            return new Flatten();
        });
        register("dropout", "dropout(p)", a -> {
            a.expectCount(1, 1);
            return new Dropout(a.fraction(0, "p"));
        });
        register("batchnorm", "batchnorm", a -> {
            a.expectCount(0, 0);
            return new BatchNorm();
        });
        register("embed", "embed(dim[,vocab=v0:v1:...])", a -> {
            a.expectCount(1, 1);
            Embed embed = new Embed(a.positiveInt(0, "dim"));
            String vocab = a.namedString("vocab");
            return vocab == null ? embed : embed.vocabularies(a.sizes(vocab, "vocab"));
        });
        for (Activation act : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.TANH}) {
            register(act.label(), act.label(), a -> {
                a.expectCount(0, 0);
                return new ActivationLayer(act);
            });
        }
    }

    private NetworkSpec() {
    }

    static void register(String name, String usage, Factory factory) {
        LAYERS.put(name, new Entry(usage, factory));
    }

    /**
     * Builds the network a spec describes, every parameter shape still deferred.
     *
     * @throws IllegalArgumentException naming the bad token, its position and the valid choices
     */
    public static Sequential parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("The network spec is empty; write layers separated by spaces, e.g."
                    + " \"dense(256,relu) dense(10)\". " + grammar());
        }
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "The network spec \"%s\" has '%c'"
                        + " (U+%04X) at position %d, which is not ASCII; write its commas and parentheses as ','"
                        + " '(' ')', e.g. \"dense(16,relu) dense(3)\"", spec, c, (int) c, i));
            }
        }
        Sequential net = new Sequential();
        List<String> tokens = tokenize(spec);
        for (int i = 0; i < tokens.size(); i++) {
            net.add(parseLayer(tokens.get(i), i + 1, spec));
        }
        return net;
    }

    /**
     * The spec of {@code network}: {@code parse(format(net))} builds the same architecture, uninitialized.
     *
     * @throws UnsupportedOperationException if a layer has no spec form
     */
    public static String format(Layer network) {
        return network.spec();
    }

    /**
     * The valid layers with their arguments, and the activations, in one line for error messages, e.g.
     * {@code Valid layers: dense(units[,activation]), conv2d(...), ...; activations: relu, sigmoid, tanh, none}.
     */
    public static String grammar() {
        StringBuilder sb = new StringBuilder("Valid layers: ");
        boolean first = true;
        for (Entry e : LAYERS.values()) {
            sb.append(first ? "" : ", ").append(e.usage());
            first = false;
        }
        return sb.append("; activations: relu, sigmoid, tanh, none").toString();
    }

    private static List<String> tokenize(String spec) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char c : spec.strip().toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (cur.length() > 0) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                }
            } else if (!Character.isWhitespace(c)) {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    private static Layer parseLayer(String token, int position, String spec) {
        String where = "Layer " + position + " \"" + token + "\" of spec \"" + spec + "\"";
        String name = token;
        List<String> args = new ArrayList<>();
        int open = token.indexOf('(');
        int close = token.lastIndexOf(')');
        if (open >= 0 && close > open && close < token.length() - 1
                && token.chars().filter(c -> c == '(').count() == token.chars().filter(c -> c == ')').count()) {
            throw new IllegalArgumentException(where + " has \"" + token.substring(close + 1) + "\" after its"
                    + " closing parenthesis; separate layers with spaces only, not commas or semicolons, e.g."
                    + " \"dense(16,relu) dense(3)\"");
        }
        if (open >= 0) {
            if (!token.endsWith(")") || token.indexOf(')') != token.length() - 1) {
                throw new IllegalArgumentException(where + " has unbalanced parentheses; write name(arg,arg)");
            }
            name = token.substring(0, open);
            String inner = token.substring(open + 1, token.length() - 1);
            if (!inner.isEmpty()) {
                String[] split = inner.split(",", -1);
                for (int i = 0; i < split.length; i++) {
                    if (split[i].isBlank()) {
                        throw new IllegalArgumentException(where + " has an empty argument " + (i + 1) + " of "
                                + split.length + "; remove the extra comma");
                    }
                    args.add(split[i].strip());
                }
            }
        } else if (token.indexOf(')') >= 0) {
            throw new IllegalArgumentException(where + " has unbalanced parentheses; write name(arg,arg)");
        }
        Entry entry = LAYERS.get(name.toLowerCase(Locale.ROOT));
        if (entry == null) {
            throw new IllegalArgumentException(where + ": unknown layer \"" + name + "\". " + grammar());
        }
        try {
            Args parsed = new Args(args);
            Layer layer = entry.factory().apply(parsed);
            parsed.rejectUnusedNames();
            return layer;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + "; usage: " + entry.usage(), e);
        }
    }

    /**
     * The parsed arguments of one layer token, positional ({@code 6}, {@code relu}) and named
     * ({@code stride=2}), with typed, checked accessors. Named arguments no accessor asked for are an
     * error, so a misspelt name is never silently ignored.
     */
    static final class Args {
        private final List<String> values = new ArrayList<>();
        private final Map<String, String> named = new LinkedHashMap<>();
        private final Set<String> used = new HashSet<>();

        Args(List<String> raw) {
            for (String a : raw) {
                int eq = a.indexOf('=');
                if (eq < 0) {
                    values.add(a);
                    continue;
                }
                String key = a.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (key.isEmpty() || named.put(key, a.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("argument \"" + a + "\" needs a name that appears once,"
                            + " e.g. stride=2");
                }
            }
        }

        int size() {
            return values.size();
        }

        void expectCount(int min, int max) {
            if (values.size() < min || values.size() > max) {
                throw new IllegalArgumentException("expected " + (min == max ? Integer.toString(min) : min + " to " + max)
                        + " arguments but got " + values.size());
            }
        }

        int positiveInt(int i, String what) {
            return wholeNumber(values.get(i), what, 1);
        }

        /** The named argument {@code key}, which must be positive, or {@code otherwise} if absent. */
        int namedPositiveInt(String key, int otherwise) {
            used.add(key);
            return named.containsKey(key) ? wholeNumber(named.get(key), key, 1) : otherwise;
        }

        /** The named argument {@code key}, which must be {@code >= 0}, or {@code otherwise} if absent. */
        int namedNonNegativeInt(String key, int otherwise) {
            used.add(key);
            return named.containsKey(key) ? wholeNumber(named.get(key), key, 0) : otherwise;
        }

        /** The named argument {@code key} as written, or {@code null} if absent. */
        String namedString(String key) {
            used.add(key);
            return named.get(key);
        }

        /** Whole numbers {@code >= 0} separated by colons, e.g. {@code 0:7:16}. */
        int[] sizes(String v, String what) {
            String[] parts = v.split(":", -1);
            int[] sizes = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                sizes[i] = wholeNumber(parts[i].strip(), what + " entry " + (i + 1), 0);
            }
            return sizes;
        }

        /** Refuses named arguments the layer did not ask for. */
        void rejectUnusedNames() {
            for (String key : named.keySet()) {
                if (!used.contains(key)) {
                    throw new IllegalArgumentException("unknown argument name \"" + key + "\"");
                }
            }
        }

        private static int wholeNumber(String v, String what, int min) {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                if (v.matches("[+]?\\d+")) {
                    throw new IllegalArgumentException(what + " is " + v + ", more than the largest size, "
                            + Integer.MAX_VALUE);
                }
                throw new IllegalArgumentException(what + " must be a whole number but was \"" + v + "\"");
            }
            if (n < min) {
                throw new IllegalArgumentException(what + (min == 1 ? " must be positive" : " must be >= " + min)
                        + " but was " + n);
            }
            return n;
        }

        double fraction(int i, String what) {
            String v = values.get(i);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must be a number but was \"" + v + "\"");
            }
            if (!(d >= 0 && d < 1)) {
                throw new IllegalArgumentException(what + " must be in [0, 1) but was " + v);
            }
            return d;
        }

        Activation activation(int i) {
            return Activation.parse(values.get(i));
        }
    }
}
