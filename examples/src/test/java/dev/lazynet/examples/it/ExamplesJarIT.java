package dev.lazynet.examples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged examples jar: what spark-submit users get. */
class ExamplesJarIT {

    @Test
    void theJarCarriesLazyNetPicocliAndXChartButNotSpark() throws IOException {
        try (JarFile jar = new JarFile(ItSettings.examplesJar().toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            for (String expected : List.of("dev/lazynet/examples/LazyNetExamples.class",
                    "dev/lazynet/nn/Dense.class", "picocli/CommandLine.class", "org/knowm/xchart/XYChart.class",
                    "dev/lazynet/examples/fashion-mnist-subset/train-images-idx3-ubyte.gz")) {
                assertTrue(names.contains(expected), expected + " missing from " + ItSettings.examplesJar());
            }
            Set<String> allowedTopLevel = Set.of("META-INF", "dev", "picocli", "org");
            List<String> foreign = names.stream().filter(name -> !name.endsWith("/"))
                    .filter(name -> !allowedTopLevel.contains(name.split("/")[0])
                            || name.startsWith("org/") && !name.startsWith("org/knowm/"))
                    .toList();
            assertEquals(List.of(), foreign, "classes from provided dependencies (Spark, Scala, ...) in the jar");
        }
    }
}
