"""fit and transform from Python, the summary, the network and the ONNX export, on a classic session."""

from datasets import CLASSES, FEATURES, accuracy, blobs, linear

from lazynet import LazyNetClassificationModel, LazyNetClassifier, LazyNetRegressionModel, LazyNetRegressor


def test_a_classifier_learns_separable_blobs_and_transform_adds_spark_classifier_columns(spark):
    data = blobs(spark)
    model = LazyNetClassifier(layers="dense(16,relu) dense(3)", maxIter=30, batchSize=32, stepSize=0.05,
                              seed=3).fit(data)
    assert isinstance(model, LazyNetClassificationModel)
    predictions = model.transform(data)
    assert predictions.columns == ["features", "label", "rawPrediction", "probability", "prediction"]
    assert accuracy(predictions) >= 0.95
    assert (model.numClasses, model.numFeatures) == (CLASSES, FEATURES)
    assert model.getLayers() == "dense(16,relu) dense(3)" and model.getSeed() == 3


def test_the_summary_has_the_loss_of_each_epoch_and_the_validation_metrics(spark):
    model = LazyNetClassifier(layers="dense(16,relu) dense(3)", maxIter=8, batchSize=32, stepSize=0.05,
                              validationFraction=0.25).fit(blobs(spark))
    summary = model.summary
    assert model.hasSummary and summary.totalEpochs == 8
    assert len(summary.lossHistory) == 8 and summary.lossHistory[-1] < summary.lossHistory[0]
    assert len(summary.validationLossHistory) == 8 and len(summary.validationAccuracyHistory) == 8
    assert summary.trainingRows + summary.validationRows == 180 and summary.validationRows > 0
    assert summary.rowsSkipped == 0 and summary.inputShape == "(4,)"
    assert summary.validationLossHistory[summary.bestEpoch - 1] == min(summary.validationLossHistory)
    assert "epochs=8" in repr(summary)


def test_the_network_summary_shows_the_inferred_shapes(spark):
    model = LazyNetClassifier(layers="dense(16,relu) dense(3)", maxIter=1).fit(blobs(spark))
    text = model.networkSummary()
    assert "0.weight (16, 4)" in text and "1.weight (3, 16)" in text and "Total parameters: 131" in text
    assert len(model.weights) == 131


def test_a_regressor_fits_a_linear_function(spark):
    data = linear(spark)
    model = LazyNetRegressor(layers="dense(1)", maxIter=40, batchSize=20, stepSize=0.05, seed=1).fit(data)
    assert isinstance(model, LazyNetRegressionModel)
    rows = model.transform(data).select("label", "prediction").collect()
    mse = sum((r.label - r.prediction) ** 2 for r in rows) / len(rows)
    assert mse < 0.05, f"mean squared error {mse} on a noiseless-ish linear target"
    assert model.summary.lossHistory[-1] < model.summary.lossHistory[0]


def test_export_onnx_writes_a_model_named_after_lazynet(spark, tmp):
    model = LazyNetClassifier(layers="dense(8,relu) dense(3)", maxIter=1).fit(blobs(spark))
    path = tmp / "blobs.onnx"
    model.exportOnnx(str(path))
    content = path.read_bytes()
    assert b"LazyNet" in content and b"probability" in content and b"rawPrediction" in content


def test_the_same_seed_gives_the_same_predictions(spark):
    data = blobs(spark)

    def probabilities():
        model = LazyNetClassifier(layers="dense(8,relu) dense(3)", maxIter=3, seed=11).fit(data)
        return [r.probability for r in model.transform(data).select("probability").collect()]

    assert probabilities() == probabilities()


def test_thresholds_move_the_prediction_and_reach_the_java_model(spark):
    data = blobs(spark)
    model = LazyNetClassifier(layers="dense(3)", maxIter=2, thresholds=[1.0, 0.0, 1.0]).fit(data)
    assert model.getThresholds() == [1.0, 0.0, 1.0]
    assert {r.prediction for r in model.transform(data).select("prediction").collect()} == {1.0}
    model.setThresholds([1.0, 1.0, 0.0])
    assert {r.prediction for r in model.transform(data).select("prediction").collect()} == {2.0}


def test_evaluate_gives_spark_metrics_that_agree_with_the_predictions(spark):
    data = blobs(spark)
    classifier = LazyNetClassifier(layers="dense(3)", maxIter=3, stepSize=0.05).fit(data)
    metrics = classifier.evaluate(data)
    assert metrics.accuracy == accuracy(classifier.transform(data))
    assert metrics.labels == [0.0, 1.0, 2.0]
    assert len(metrics.precisionByLabel) == len(metrics.recallByLabel) == len(metrics.fMeasureByLabel) == CLASSES
    assert metrics.areaUnderROC is None

    regressor = LazyNetRegressor(layers="dense(1)", maxIter=3, stepSize=0.05).fit(linear(spark))
    regression = regressor.evaluate(linear(spark))
    rows = regressor.transform(linear(spark)).select("label", "prediction").collect()
    mse = sum((r.label - r.prediction) ** 2 for r in rows) / len(rows)
    assert abs(regression.meanSquaredError - mse) < 1e-9
    assert abs(regression.rootMeanSquaredError - mse ** 0.5) < 1e-9


def test_a_weight_of_two_on_every_row_trains_as_no_weights_and_the_model_keeps_weight_col(spark):
    from pyspark.sql import functions as F

    data = blobs(spark)
    plain = LazyNetClassifier(layers="dense(3)", maxIter=2, stepSize=0.05, seed=4).fit(data)
    weighted = LazyNetClassifier(layers="dense(3)", maxIter=2, stepSize=0.05, seed=4,
                                 weightCol="w").fit(data.withColumn("w", F.lit(2.0)))
    assert weighted.getWeightCol() == "w"
    assert weighted.weights == plain.weights
