"""Builds the wheel with the LazyNet plugin jars inside.

The jars are built by Maven in the repository around this folder; building the wheel copies every
plugin jar it finds into ``lazynet/jars/SCALA_VERSION/``, where :func:`lazynet.jar_path` looks for the
one that matches the installed pyspark. A wheel without a jar would install but could never run, so the
build fails when there is none.
"""

import pathlib
import re
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent

# lazynet-spark_2.13-VERSION.jar (Spark 4) and lazynet-spark_2.12-VERSION.jar (Spark 3.5).
PLUGIN_JAR = re.compile(r"lazynet-spark_(2\.1[23])-\d[^/]*\.jar")
NOT_PLUGIN_JAR = ("-sources.jar", "-javadoc.jar", "-tests.jar")


def plugin_jars():
    """The built plugin jars under ``plugin*/target``, by Scala binary version."""
    found = {}
    for jar in sorted(REPOSITORY.glob("plugin*/target/**/lazynet-spark*.jar")):
        match = PLUGIN_JAR.fullmatch(jar.name)
        if match is None or jar.name.endswith(NOT_PLUGIN_JAR):
            continue
        scala = match.group(1)
        if scala in found:
            raise SystemExit(f"Two plugin jars for Scala {scala}: {found[scala]} and {jar}; "
                             "remove the stale one (mvn clean) and build the wheel again")
        found[scala] = jar
    if not found:
        raise SystemExit(f"No LazyNet plugin jar under {REPOSITORY}/plugin*/target: build it first with "
                         "`mvn -B -DskipTests package` in the repository root (add -Pspark-3.5 for the "
                         "Spark 3.5 jar), then build the wheel again")
    return found


class BuildWithJars(build_py):
    """``build_py`` that also copies the plugin jars into the built package."""

    def run(self):
        super().run()
        target = pathlib.Path(self.build_lib) / "lazynet" / "jars"
        shutil.rmtree(target, ignore_errors=True)
        for scala, jar in plugin_jars().items():
            (target / scala).mkdir(parents=True)
            shutil.copy2(jar, target / scala / jar.name)
            self.announce(f"bundling {jar} for Scala {scala}", level=2)


setup(cmdclass={"build_py": BuildWithJars})
