"""Small generated datasets with fixed seeds, shared by the classic and the Spark Connect tests."""

import numpy as np
from pyspark.ml.linalg import Vectors

CLASSES = 3
FEATURES = 4


def blobs(spark, rows_per_class=60, seed=7):
    """Three well separated Gaussian blobs in four dimensions: ``features`` (vector), ``label`` 0..2."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=4.0, size=(CLASSES, FEATURES))
    rows = [(Vectors.dense(centers[c] + rng.normal(size=FEATURES)), float(c))
            for c in range(CLASSES) for _ in range(rows_per_class)]
    return spark.createDataFrame(rows, ["features", "label"])


def linear(spark, rows=200, seed=11):
    """``label`` = a fixed linear function of three ``features`` plus a little noise."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 3))
    y = x @ np.array([1.5, -2.0, 0.5]) + 0.3 + rng.normal(scale=0.05, size=rows)
    return spark.createDataFrame([(Vectors.dense(x[i]), float(y[i])) for i in range(rows)], ["features", "label"])


def accuracy(predictions):
    """The fraction of rows whose ``prediction`` equals ``label``."""
    rows = predictions.select("label", "prediction").collect()
    return sum(r.label == r.prediction for r in rows) / len(rows)
