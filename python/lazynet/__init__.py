"""LazyNet for PySpark: neural networks whose shapes are inferred from the data, as Spark ML stages.

::

    from pyspark.sql import SparkSession
    from lazynet import LazyNetClassifier, jar_path

    spark = SparkSession.builder.config("spark.jars", jar_path()).getOrCreate()
    model = LazyNetClassifier(layers="dense(256,relu) dense(10)", maxIter=5).fit(train)

The stages are defined in :mod:`dev.lazynet.spark`, the Python twin of the Java package, so that
pyspark's persistence finds them by their Java names.
"""

import pathlib
from typing import Dict, Optional

from dev.lazynet.spark import (
    LazyNetClassificationMetrics,
    LazyNetClassificationModel,
    LazyNetClassifier,
    LazyNetRegressionMetrics,
    LazyNetRegressionModel,
    LazyNetRegressor,
    LazyNetTrainingSummary,
    TrainingDivergedError,
)

__all__ = [
    "LazyNetClassifier",
    "LazyNetClassificationModel",
    "LazyNetRegressor",
    "LazyNetRegressionModel",
    "LazyNetTrainingSummary",
    "LazyNetClassificationMetrics",
    "LazyNetRegressionMetrics",
    "TrainingDivergedError",
    "jar_path",
]

#: The Scala binary version of the plugin jar each supported pyspark line (major.minor) runs with.
SCALA_BY_PYSPARK = {"3.5": "2.12", "4.0": "2.13", "4.1": "2.13", "4.2": "2.13"}

_JARS = pathlib.Path(__file__).resolve().parent / "jars"


def jar_path(pyspark_version: Optional[str] = None) -> str:
    """The path of the bundled LazyNet plugin jar that runs with the installed pyspark (or with
    ``pyspark_version``), for ``spark.jars`` or ``--jars``.

    Raises a ``RuntimeError`` naming the version and the supported ones when no bundled jar matches.
    """
    if pyspark_version is None:
        import pyspark

        pyspark_version = pyspark.__version__
    line = ".".join(pyspark_version.split(".")[:2])
    scala = SCALA_BY_PYSPARK.get(line)
    if scala is None:
        raise RuntimeError(
            f"pyspark {pyspark_version} is installed, but LazyNet runs on pyspark "
            f"{', '.join(sorted(SCALA_BY_PYSPARK))}; install one of those (pip install 'pyspark==4.1.*')")
    bundled = _bundled_jars()
    if scala not in bundled:
        carried = ", ".join(f"Scala {s}: {p.name}" for s, p in sorted(bundled.items())) or "none"
        raise RuntimeError(
            f"pyspark {pyspark_version} needs LazyNet's Scala {scala} plugin jar, but this lazynet package "
            f"carries {carried}; build that jar (mvn -B -DskipTests package, with -Pspark-3.5 for Scala 2.12) "
            "and reinstall the package from the repository (pip install ./python)")
    return str(bundled[scala])


def _bundled_jars() -> Dict[str, pathlib.Path]:
    found = {}
    for folder in sorted(_JARS.glob("2.1*")):
        jars = sorted(folder.glob("*.jar"))
        if len(jars) == 1:
            found[folder.name] = jars[0]
    return found
