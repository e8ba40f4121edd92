"""LazyNet through Spark Connect (pyspark 4.1): the same wrappers as in a classic session."""

import pytest
from datasets import accuracy, blobs, linear
from pyspark.sql.utils import is_remote

from lazynet import LazyNetClassificationModel, LazyNetClassifier, LazyNetRegressionModel, LazyNetRegressor


@pytest.fixture(scope="module")
def classifier_and_model(spark):
    classifier = LazyNetClassifier(layers="dense(16,relu) dense(3)", maxIter=30, batchSize=32, stepSize=0.05,
                                   seed=3)
    return classifier, classifier.fit(blobs(spark))


def predictions(model, data):
    return [tuple(r) for r in model.transform(data).select("prediction", "probability").collect()]


def test_the_session_is_a_connect_session(spark):
    assert is_remote() and type(spark).__module__ == "pyspark.sql.connect.session"


def test_fit_and_transform_run_on_the_connect_server(spark, classifier_and_model):
    _, model = classifier_and_model
    assert isinstance(model, LazyNetClassificationModel)
    transformed = model.transform(blobs(spark))
    assert transformed.columns == ["features", "label", "rawPrediction", "probability", "prediction"]
    assert accuracy(transformed) >= 0.95
    assert model.getLayers() == "dense(16,relu) dense(3)" and model.getSeed() == 3


def test_a_model_saved_through_connect_loads_with_the_same_predictions(spark, classifier_and_model, tmp):
    _, model = classifier_and_model
    path = str(tmp / "connect-model")
    model.write().overwrite().save(path)
    loaded = LazyNetClassificationModel.load(path)
    assert isinstance(loaded, LazyNetClassificationModel) and loaded.getLayers() == "dense(16,relu) dense(3)"
    assert predictions(loaded, blobs(spark)) == predictions(model, blobs(spark))


def test_an_estimator_saved_through_connect_loads_with_its_params(classifier_and_model, tmp):
    classifier, _ = classifier_and_model
    path = str(tmp / "connect-estimator")
    classifier.write().overwrite().save(path)
    loaded = LazyNetClassifier.load(path)
    assert (loaded.getLayers(), loaded.getMaxIter(), loaded.getStepSize()) == ("dense(16,relu) dense(3)", 30, 0.05)


def test_a_regressor_fits_and_predicts_through_connect(spark):
    data = linear(spark)
    model = LazyNetRegressor(layers="dense(1)", maxIter=40, batchSize=20, stepSize=0.05, seed=1).fit(data)
    assert isinstance(model, LazyNetRegressionModel)
    rows = model.transform(data).select("label", "prediction").collect()
    assert sum((r.label - r.prediction) ** 2 for r in rows) / len(rows) < 0.05


def test_a_bad_network_spec_reaches_the_client_with_the_lazynet_message(spark):
    with pytest.raises(Exception) as error:
        LazyNetClassifier(layers="dense(8,relu) dnse(3)").fit(blobs(spark))
    assert 'Layer 2 "dnse(3)" of spec "dense(8,relu) dnse(3)": unknown layer "dnse".' in str(error.value)


@pytest.mark.parametrize("read", [lambda m: m.summary, lambda m: m.networkSummary(),
                                  lambda m: m.exportOnnx("/tmp/unused.onnx"), lambda m: m.numClasses])
def test_what_the_connect_server_does_not_allow_says_why_and_what_to_do(classifier_and_model, read):
    _, model = classifier_and_model
    with pytest.raises(NotImplementedError) as error:
        read(model)
    assert "is not available in a Spark Connect session" in str(error.value)
    assert "MLUtils.scala" in str(error.value) and "load it in a classic session" in str(error.value)
