package dev.lazynet.examples.data;

import dev.lazynet.examples.cli.ExampleException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the Iris data set (Fisher 1936; see {@code iris/README.md} for source and licence) from the copy
 * bundled in the jar or from a CSV file of the same layout: a header line
 * {@value #HEADER}, then one flower per line with four numbers and a species name.
 */
public final class IrisCsv {

    /** The header line the file must start with. */
    public static final String HEADER = "sepal_length,sepal_width,petal_length,petal_width,species";
    /** The four measurement columns, in file order. */
    public static final String[] MEASUREMENTS = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    /** The species column. */
    public static final String SPECIES = "species";
    /** The schema of the rows: the four measurements as doubles, then the species as a string. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(MEASUREMENTS[0], DataTypes.DoubleType, false),
        DataTypes.createStructField(MEASUREMENTS[1], DataTypes.DoubleType, false),
        DataTypes.createStructField(MEASUREMENTS[2], DataTypes.DoubleType, false),
        DataTypes.createStructField(MEASUREMENTS[3], DataTypes.DoubleType, false),
        DataTypes.createStructField(SPECIES, DataTypes.StringType, false)
    });

    private static final String BUNDLED = "/dev/lazynet/examples/iris/iris.csv";
    private static final String EXAMPLE = "5.1,3.5,1.4,0.2,Iris-setosa";

    private IrisCsv() {
    }

    /**
     * The rows of {@code file}, or of the bundled copy when {@code file} is {@code null}.
     *
     * @throws ExampleException if the file is missing, or a line is not four numbers and a name
     */
    public static List<Row> read(Path file) {
        if (file == null) {
            try (InputStream in = IrisCsv.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new ExampleException("The bundled " + BUNDLED + " is missing from the examples jar;"
                            + " rebuild it with `mvn -pl examples -am package`");
                }
                return parse("bundled " + BUNDLED, in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the bundled " + BUNDLED, e);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new ExampleException("--data " + file + " does not exist; give a CSV file laid out like the"
                    + " bundled iris.csv (header " + HEADER + "), or leave --data out to use that file", e);
        } catch (IOException e) {
            throw new ExampleException("Cannot read --data " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the CSV text of {@code in}; {@code source} names it in errors. */
    static List<Row> parse(String source, InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.strip().equals(HEADER)) {
            throw new ExampleException(source + " starts with \"" + (header == null ? "" : header.strip())
                    + "\", but the first line must be the header " + HEADER);
        }
        List<Row> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                rows.add(row(source, lineNumber, line.strip()));
            }
        }
        if (rows.isEmpty()) {
            throw new ExampleException(source + " has a header but no flowers; add lines like " + EXAMPLE);
        }
        return rows;
    }

    private static Row row(String source, int lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw new ExampleException(source + " line " + lineNumber + " has " + fields.length + " fields (\""
                    + line + "\"), but each line needs 5: four numbers and a species, like " + EXAMPLE);
        }
        Object[] values = new Object[5];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = Double.parseDouble(fields[i].strip());
            } catch (NumberFormatException e) {
                throw new ExampleException(source + " line " + lineNumber + " has \"" + fields[i] + "\" as "
                        + MEASUREMENTS[i] + ", which is not a number; each line needs four numbers and a"
                        + " species, like " + EXAMPLE);
            }
            if (!Double.isFinite((Double) values[i])) {
                throw new ExampleException(source + " line " + lineNumber + " has " + fields[i] + " as "
                        + MEASUREMENTS[i] + "; measurements must be finite numbers");
            }
        }
        String species = fields[4].strip();
        if (species.isEmpty()) {
            throw new ExampleException(source + " line " + lineNumber + " has no species (\"" + line + "\");"
                    + " each line ends with one, like " + EXAMPLE);
        }
        values[4] = species;
        return RowFactory.create(values);
    }
}
