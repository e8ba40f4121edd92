"""A classic (Py4J) Spark session on local[2] with the bundled LazyNet jar."""

import pytest
from pyspark.sql import SparkSession

import lazynet


@pytest.fixture(scope="session")
def spark():
    session = (SparkSession.builder.master("local[2]").appName("lazynet-python-tests")
               .config("spark.jars", lazynet.jar_path())
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def jvm(spark):
    """The driver JVM, to reach the Java stages directly."""
    return spark.sparkContext._jvm
