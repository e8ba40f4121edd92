package dev.lazynet.examples;

import dev.lazynet.examples.cli.PositiveInt;
import dev.lazynet.examples.data.LabeledImages;
import dev.lazynet.nn.NetworkSpec;
import dev.lazynet.nn.init.Initializers;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of the Fashion-MNIST jobs, mixed in with
 * {@code @Mixin FashionMnistOptions fashion = new FashionMnistOptions("dense(256,relu) dense(10)");}:
 * the network, how its weights start, and how many images to use for a quick run.
 */
public final class FashionMnistOptions {

    @Option(names = "--layers", paramLabel = "SPEC", converter = Spec.class,
            description = {"the network, layers without input sizes", "(default: ${DEFAULT-VALUE})"})
    private String layers;

    @Option(names = "--initializer", paramLabel = "INIT", converter = Init.class,
            description = {"how the weights start: xavier, kaiming, uniform(scale), normal(sigma), ...",
                "(default: ${DEFAULT-VALUE})"})
    private String initializer = "xavier";

    @Option(names = "--limit", paramLabel = "N", converter = PositiveInt.class,
            description = "use only the first N training and the first N test images (default: all)")
    private Integer limit;

    /** Options whose {@code --layers} defaults to {@code defaultLayers}. */
    public FashionMnistOptions(String defaultLayers) {
        this.layers = defaultLayers;
    }

    /** The network spec. */
    public String layers() {
        return layers;
    }

    /** The weight initializer, in the text form {@code LazyNetClassifier.setInitializer} takes. */
    public String initializer() {
        return initializer;
    }

    /** The first images of {@code images}, as many as {@code --limit} allows. */
    public LabeledImages limit(LabeledImages images) {
        return limit == null ? images : images.first(limit);
    }

    /** Checks a network spec when the command line is read, so a typo is a usage error naming the layer. */
    static final class Spec implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                NetworkSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("\"" + value + "\" is not a network spec: " + e.getMessage());
            }
            return value;
        }
    }

    /** Checks an initializer's text form when the command line is read. */
    static final class Init implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Initializers.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value;
        }
    }
}
