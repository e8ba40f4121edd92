"""ML persistence from Python: Pipeline and CrossValidator, and models read and written by either language."""

from datasets import accuracy, blobs
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import StandardScaler
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder
from pyspark.sql import DataFrame

from lazynet import LazyNetClassificationModel, LazyNetClassifier


def predictions(model, data):
    return [tuple(r) for r in model.transform(data).select("prediction", "probability").collect()]


def test_a_pipeline_tuned_by_cross_validation_saves_and_loads_with_the_same_predictions(spark, tmp):
    data = blobs(spark)
    classifier = LazyNetClassifier(layers="dense(3)", featuresCol="scaled", maxIter=10, batchSize=32, seed=2)
    pipeline = Pipeline(stages=[StandardScaler(inputCol="features", outputCol="scaled"), classifier])
    grid = ParamGridBuilder().addGrid(classifier.stepSize, [0.001, 0.05]).build()
    tuner = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, numFolds=2, seed=4,
                           evaluator=MulticlassClassificationEvaluator(metricName="accuracy"))
    tuned = tuner.fit(data)
    best = tuned.bestModel.stages[-1]
    assert isinstance(best, LazyNetClassificationModel) and best.getStepSize() == 0.05
    assert accuracy(tuned.transform(data)) >= 0.95

    tuned.write().overwrite().save(str(tmp / "tuned"))
    loaded = CrossValidatorModel.load(str(tmp / "tuned"))
    assert isinstance(loaded.bestModel.stages[-1], LazyNetClassificationModel)
    assert predictions(loaded, data) == predictions(tuned, data)

    pipeline.write().overwrite().save(str(tmp / "pipeline"))
    assert Pipeline.load(str(tmp / "pipeline")).getStages()[-1].getLayers() == "dense(3)"
    tuned.bestModel.write().overwrite().save(str(tmp / "best"))
    assert predictions(PipelineModel.load(str(tmp / "best")), data) == predictions(tuned.bestModel, data)


def test_a_model_saved_from_python_loads_in_java_and_a_model_saved_by_java_loads_in_python(spark, jvm, tmp):
    data = blobs(spark)
    model = LazyNetClassifier(layers="dense(8,relu) dense(3)", maxIter=5, seed=6).fit(data)
    model.write().overwrite().save(str(tmp / "from-python"))

    in_java = jvm.dev.lazynet.spark.LazyNetClassificationModel.load(str(tmp / "from-python"))
    by_java = DataFrame(in_java.transform(data._jdf), spark)
    assert [tuple(r) for r in by_java.select("prediction", "probability").collect()] == predictions(model, data)

    in_java.write().overwrite().save(str(tmp / "from-java"))
    back = LazyNetClassificationModel.load(str(tmp / "from-java"))
    assert back.uid == model.uid and back.getLayers() == "dense(8,relu) dense(3)"
    assert predictions(back, data) == predictions(model, data)


def test_an_estimator_saves_and_loads_with_its_params(tmp):
    classifier = LazyNetClassifier(layers="dense(4,tanh) dense(3)", maxIter=7, optimizer="sgd")
    classifier.save(str(tmp / "estimator"))
    loaded = LazyNetClassifier.load(str(tmp / "estimator"))
    assert (loaded.uid, loaded.getLayers(), loaded.getMaxIter(), loaded.getOptimizer()) == (
        classifier.uid, "dense(4,tanh) dense(3)", 7, "sgd")
