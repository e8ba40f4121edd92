"""The Python stages have exactly the Java stages' Params: names, defaults and docs, read from the JVM."""

import inspect

import pytest
from datasets import blobs, linear

import lazynet
from lazynet import (LazyNetClassificationModel, LazyNetClassifier, LazyNetRegressionModel,
                     LazyNetRegressor)


@pytest.fixture(scope="module")
def models(spark):
    """One fitted model of each kind: the Java models have no public constructor."""
    return {
        LazyNetClassificationModel: LazyNetClassifier(layers="dense(3)", maxIter=1).fit(blobs(spark)),
        LazyNetRegressionModel: LazyNetRegressor(layers="dense(1)", maxIter=1).fit(linear(spark)),
    }


def java_params(java_stage):
    """name -> (doc, default or None) of every Param of a Java stage."""
    params = {}
    for param in java_stage.params():
        default = java_stage.getDefault(param)
        params[param.name()] = (param.doc(), default.get() if default.isDefined() else None)
    return params


def python_params(stage):
    """name -> (doc, default or None) of every Param of a Python stage."""
    return {p.name: (p.doc, stage.getOrDefault(p) if stage.hasDefault(p) else None) for p in stage.params}


def assert_same_params(python_stage, java_stage):
    java, python = java_params(java_stage), python_params(python_stage)
    missing = sorted(set(java) - set(python))
    extra = sorted(set(python) - set(java))
    assert not missing, (f"{type(python_stage).__name__} lacks the Java Params {missing}; add them to "
                         "python/dev/lazynet/spark.py with these docs and defaults: "
                         + "; ".join(f"{n}: {java[n]}" for n in missing))
    assert not extra, f"{type(python_stage).__name__} has Params that Java does not: {extra}"
    for name in sorted(java):
        assert python[name] == java[name], f"Param {name}: Python (doc, default) {python[name]} != Java {java[name]}"


@pytest.mark.parametrize("stage, java_class", [(LazyNetClassifier, "LazyNetClassifier"),
                                               (LazyNetRegressor, "LazyNetRegressor")])
def test_each_estimator_has_every_java_param_with_the_same_doc_and_default(jvm, stage, java_class):
    assert_same_params(stage(), getattr(jvm.dev.lazynet.spark, java_class)())


@pytest.mark.parametrize("model_class", [LazyNetClassificationModel, LazyNetRegressionModel])
def test_each_model_has_every_java_param_with_the_same_doc_and_default(models, model_class):
    model = models[model_class]
    assert type(model) is model_class
    assert_same_params(model_class(), model._java_obj)


@pytest.mark.parametrize("stage", [LazyNetClassifier, LazyNetRegressor])
@pytest.mark.parametrize("method", ["__init__", "setParams"])
def test_constructor_and_setParams_take_every_param_by_keyword_with_its_default(stage, method):
    signature = inspect.signature(getattr(stage, method))
    keywords = {name: p.default for name, p in signature.parameters.items() if name != "self"}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for n, p in signature.parameters.items() if n != "self")
    instance = stage()
    assert keywords == {p.name: instance.getOrDefault(p) if instance.hasDefault(p) else None for p in instance.params}


def test_params_set_in_python_reach_the_java_stage():
    classifier = LazyNetClassifier(layers="dense(16,relu) dense(3)", maxIter=3, batchSize=32, stepSize=0.01,
                                   optimizer="sgd", seed=5, initializer="normal(0.02)", inputShape="2,2",
                                   handleInvalid="skip", validationFraction=0.25, probabilityCol="p")
    classifier._transfer_params_to_java()
    java = classifier._java_obj
    assert (java.getLayers(), java.getMaxIter(), java.getBatchSize(), java.getStepSize(), java.getOptimizer(),
            java.getSeed(), java.getInitializer(), java.getInputShape(), java.getHandleInvalid(),
            java.getValidationFraction(), java.getProbabilityCol()) == (
        "dense(16,relu) dense(3)", 3, 32, 0.01, "sgd", 5, "normal(0.02)", "2,2", "skip", 0.25, "p")


def test_setters_return_the_stage_and_getters_read_the_value():
    classifier = LazyNetClassifier().setLayers("dense(3)").setMaxIter(4).setSeed(9)
    assert (classifier.getLayers(), classifier.getMaxIter(), classifier.getSeed()) == ("dense(3)", 4, 9)


def test_jar_path_is_the_bundled_jar_for_the_installed_pyspark():
    import pyspark

    path = lazynet.jar_path()
    scala = "2.12" if pyspark.__version__.startswith("3.5.") else "2.13"
    assert f"/jars/{scala}/lazynet-spark" in path and path.endswith(".jar")


def test_jar_path_names_the_version_and_the_supported_ones_when_pyspark_is_not_supported():
    with pytest.raises(RuntimeError) as error:
        lazynet.jar_path("3.4.1")
    assert str(error.value).startswith("pyspark 3.4.1 is installed, but LazyNet runs on pyspark 3.5, 4.0, 4.1, 4.2")


def test_the_schedule_and_the_patience_set_in_python_reach_the_java_stage():
    regressor = LazyNetRegressor(stepSizeSchedule="warmup(2) cosine").setEarlyStoppingPatience(3)
    regressor._transfer_params_to_java()
    java = regressor._java_obj
    assert (java.getStepSizeSchedule(), java.getEarlyStoppingPatience()) == ("warmup(2) cosine", 3)
