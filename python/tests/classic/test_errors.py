"""A mistake surfaces in Python with LazyNet's message first, not behind a Py4J stack."""

import pytest
from datasets import blobs
from pyspark.ml.linalg import Vectors

from lazynet import LazyNetClassificationModel, LazyNetClassifier, LazyNetRegressor, TrainingDivergedError


def test_a_bad_network_spec_names_the_layer_and_the_valid_ones(spark):
    with pytest.raises(Exception) as error:
        LazyNetClassifier(layers="dense(8,relu) dnse(3)").fit(blobs(spark))
    assert str(error.value).startswith('Layer 2 "dnse(3)" of spec "dense(8,relu) dnse(3)": unknown layer "dnse".')
    assert "Valid layers: dense(units[,activation])" in str(error.value)


def test_a_features_column_of_the_wrong_type_names_the_column_and_the_fix(spark):
    with pytest.raises(Exception) as error:
        LazyNetClassifier(layers="dense(3)").fit(blobs(spark).selectExpr("'x' AS features", "label"))
    assert str(error.value).startswith('Column "features" has type string, but features must be an ML vector'
                                       " or an array of numbers; assemble numeric columns with VectorAssembler")


def test_a_row_with_nan_names_its_partition_and_row(spark):
    rows = [(Vectors.dense([1.0, 2.0]), 0.0), (Vectors.dense([float("nan"), 2.0]), 1.0)]
    data = spark.createDataFrame(rows, ["features", "label"]).coalesce(1)
    with pytest.raises(Exception) as error:
        LazyNetClassifier(layers="dense(2)").fit(data)
    assert str(error.value).startswith('Column "features" has NaN at index 0 in partition 0, row 1')


def test_a_diverged_fit_raises_training_diverged_error_with_the_java_message(spark):
    huge = spark.createDataFrame([(Vectors.dense([1e18 * i, -1e18]), 1e18 * i) for i in range(8)], ["features", "label"])
    with pytest.raises(TrainingDivergedError) as error:
        LazyNetRegressor(layers="dense(1)", stepSize=10.0, optimizer="sgd", maxIter=3).fit(huge)
    assert str(error.value).startswith("Training diverged in epoch 1, step 1 of 1:")
    assert error.value.java_exception.epoch() == 1


def test_the_summary_of_a_loaded_model_says_that_loaded_models_have_none(spark, tmp):
    LazyNetClassifier(layers="dense(3)", maxIter=1).fit(blobs(spark)).write().overwrite().save(str(tmp / "m"))
    loaded = LazyNetClassificationModel.load(str(tmp / "m"))
    assert not loaded.hasSummary
    with pytest.raises(RuntimeError) as error:
        loaded.summary
    assert "has no training summary: summaries exist on models returned by fit()" in str(error.value)
