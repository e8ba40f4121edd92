package dev.lazynet.examples.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an option's value as a whole number of at least 1, so that a mistake is a usage error. */
public final class PositiveInt implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number; give one >= 1");
        }
        if (n < 1) {
            throw new TypeConversionException(n + " is too small; give a number >= 1");
        }
        return n;
    }
}
