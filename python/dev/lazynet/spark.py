"""PySpark ML wrappers of the Java stages in the Java package ``dev.lazynet.spark``.

They live in a Python module of the same name as that Java package because pyspark maps a Java stage
to its Python class by name: loading a ``Pipeline``, a ``CrossValidatorModel`` or any stage saved by
ML persistence imports the module named after the Java package (``JavaParams._from_java``,
``DefaultParamsReader``), and in a Spark Connect session the Java class sent to the server is the
Python class's module and name (``RemoteMLReader``). Import them from :mod:`lazynet`.

Every Param has the name, default and doc of the Java Param, and the Java side checks every value
(a bad network spec is refused when it reaches the JVM, naming the layer and the valid choices).
"""

import contextlib
from typing import Any, Dict, Iterator, List, Optional

from py4j.java_gateway import is_instance_of
from py4j.protocol import Py4JJavaError
from pyspark import SparkContext, keyword_only
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaEstimator, JavaModel, JavaWrapper

__all__ = [
    "LazyNetClassifier",
    "LazyNetClassificationModel",
    "LazyNetRegressor",
    "LazyNetRegressionModel",
    "LazyNetTrainingSummary",
    "LazyNetClassificationMetrics",
    "LazyNetRegressionMetrics",
    "TrainingDivergedError",
]

_STRING = TypeConverters.toString
_INT = TypeConverters.toInt
_FLOAT = TypeConverters.toFloat


def _param(name: str, doc: str, converter: Any) -> Param:
    return Param(Params._dummy(), name, doc, typeConverter=converter)


def _in_connect_session() -> bool:
    from pyspark.sql.utils import is_remote

    return is_remote()


def _classic_only(what: str) -> None:
    if _in_connect_session():
        raise NotImplementedError(
            f"{what} is not available in a Spark Connect session: the Connect server of Spark 4.1 calls only the "
            "model methods it allowlists for Spark's own model classes (ALLOWED_ATTRIBUTES in "
            "sql/connect/server/src/main/scala/org/apache/spark/sql/connect/ml/MLUtils.scala), and LazyNet's "
            "models are not among them; save the model, then load it in a classic session (or in Java) to "
            "read it")


class TrainingDivergedError(RuntimeError):
    """A fit stopped because the loss, the gradient or the weights stopped being finite numbers
    (Java: ``dev.lazynet.spark.TrainingDivergedException``); the message says where and what to change.
    """

    def __init__(self, message: str, java_exception: Any) -> None:
        super().__init__(message)
        #: The Java exception, with ``epoch()``, ``step()``, ``stepSize()`` and ``lastGoodWeights()``.
        self.java_exception = java_exception


# Java exceptions that pyspark passes on as a bare Py4JJavaError, whose text starts with the Py4J call
# ("An error occurred while calling o126.fit"); pyspark itself converts IllegalArgumentException, and
# with it InvalidDataException, to an exception whose text is the Java message. The first match wins.
_JAVA_TO_PYTHON = [
    ("dev.lazynet.spark.TrainingDivergedException", TrainingDivergedError),
    ("java.lang.IllegalStateException", RuntimeError),
    ("java.lang.UnsupportedOperationException", NotImplementedError),
    ("java.io.IOException", OSError),
]


@contextlib.contextmanager
def _java_errors() -> Iterator[None]:
    """Raises a Python exception whose text is the Java message for the exceptions above."""
    try:
        yield
    except Py4JJavaError as error:
        java = error.java_exception
        for java_class, python_class in _JAVA_TO_PYTHON:
            if is_instance_of(SparkContext._gateway, java, java_class):
                message = java.getMessage()
                if python_class is TrainingDivergedError:
                    raise TrainingDivergedError(message, java) from error
                raise python_class(message) from error
        raise


class _LazyNetParams(Params):
    """The Params of every LazyNet estimator and model (Java: ``dev.lazynet.spark.LazyNetParams``)."""

    featuresCol = _param(
        "featuresCol", "features column name: an ML vector or an array of numbers, one row per sample", _STRING)
    labelCol = _param(
        "labelCol", "label column name: class indices 0, 1, ... for classification (e.g. from StringIndexer),"
        " numbers for regression", _STRING)
    predictionCol = _param("predictionCol", "prediction column name; empty: no such column", _STRING)
    layers = _param(
        "layers", "the network in the LazyNet spec format, layers separated by spaces and without input sizes,"
        ' e.g. "dense(256,relu) dense(10)"', _STRING)
    maxIter = _param("maxIter", "maximum number of epochs, passes over the data (>= 0)", _INT)
    batchSize = _param(
        "batchSize", "rows per mini-batch across all partitions, one optimizer step each (> 0)", _INT)
    stepSize = _param(
        "stepSize", "learning rate of the optimizer (> 0 as a float32, the precision of the weights: from"
        " 1.4E-45 to 3.4028235E38)", _FLOAT)
    localSteps = _param(
        "localSteps", "optimizer steps each partition takes on its own share of the mini-batches between two"
        " synchronizations: 1 makes every step one synchronous step over the whole global mini-batch, exactly"
        " the single-JVM algorithm; k > 1 makes each partition run k steps on its share of k consecutive"
        " mini-batches with its own optimizer state, then the driver averages the weights, which costs k"
        " times fewer Spark jobs but is local SGD, not the exact algorithm (>= 1)", _INT)
    optimizer = _param(
        "optimizer", "optimizer: adam (betas 0.9, 0.999) or sgd (momentum 0.9), in any case", _STRING)
    weightDecay = _param(
        "weightDecay", "L2 penalty coefficient added to the gradient (>= 0 and at most 3.4028235E38, finite"
        " as a float32, the precision of the weights)", _FLOAT)
    clipNorm = _param(
        "clipNorm", "largest global L2 norm of each step's mean gradient, over all weights: a gradient with a"
        " larger norm is scaled down to it before the optimizer step; 0: no clipping (>= 0 and at most"
        " 3.4028235E38, finite as a float32, the precision of the weights)", _FLOAT)
    stepSizeSchedule = _param(
        "stepSizeSchedule", "how the step size changes per epoch, set at each epoch's start: constant;"
        " step(E,F): times F every E epochs; cosine: from stepSize towards 0 over maxIter epochs; optionally"
        ' preceded by "warmup(W) ": epoch e < W uses stepSize*(e+1)/W, and the schedule after it counts its'
        ' epochs from the warmup\'s end, e.g. "warmup(2) cosine"', _STRING)
    earlyStoppingPatience = _param(
        "earlyStoppingPatience", "epochs without a lower validation loss after which the fit stops and keeps"
        " the weights of the epoch with the lowest (summary().bestEpoch()); needs validation rows"
        " (validationFraction or validationIndicatorCol); 0: off (>= 0)", _INT)
    seed = _param(
        "seed", "random seed of the initial weights, the batch order of each epoch, the validation split and"
        " the dropout masks", _INT)
    initializer = _param(
        "initializer", "weight initializer: uniform (scale 0.07), uniform(scale), normal (sigma 0.01),"
        " normal(sigma), constant(value), xavier (Glorot uniform), kaiming (He normal), zeros or ones; biases"
        " start at zero", _STRING)
    inputShape = _param(
        "inputShape", 'shape of one row, e.g. "1,28,28" to view flat vectors of 784 values as 1x28x28 images;'
        " empty: from the features column's ML metadata, else from the first row", _STRING)
    handleInvalid = _param(
        "handleInvalid", "how to handle invalid rows (null, NaN or infinite values, vectors of another size,"
        " labels that are not valid class indices, negative weights): error or skip (drop them and report how"
        " many)", _STRING)
    validationFraction = _param(
        "validationFraction", "fraction of rows held out, by a draw seeded with the seed and each row's"
        " partition and position, to report validation loss and accuracy after each epoch; 0: none; set it"
        " or validationIndicatorCol, not both (in [0, 1))", _FLOAT)
    validationIndicatorCol = _param(
        "validationIndicatorCol", "name of a boolean column that is true for rows held out for validation;"
        " empty: none; set it or validationFraction, not both", _STRING)
    weightCol = _param(
        "weightCol", "weight column name: each row's weight, a finite number >= 0 (a weight of 2 counts the row"
        " twice); each mini-batch's loss and gradient are its rows' weighted sums divided by its sum of"
        " weights, and a mini-batch whose weights sum to 0 makes no step; validation metrics are weighted"
        " too. If this is not set or empty, we treat all instance weights as 1.0", _STRING)
    checkpointDir = _param(
        "checkpointDir", "directory (any Hadoop file system) where a fit keeps its latest checkpoint: weights,"
        " optimizer state, epoch, random state and network spec; a fit that finds one written with the same"
        " configuration resumes from it; empty: no checkpoints (empty, or a path that is not blank)", _STRING)
    checkpointInterval = _param(
        "checkpointInterval", "write a checkpoint every this many epochs and after the last (>= 1), or never"
        " (-1); used only with checkpointDir", _INT)

    initialWeights = _param(
        "initialWeights", "weights to start from instead of the initializer's: one flat vector of finite values"
        " in the order of the network's parameters (e.g. a model's weights, or"
        " TrainingDivergedException.lastGoodWeights()), as long as the network has parameters",
        TypeConverters.toVector)

    #: The defaults, as the Java stages set them; ``layers``, ``initialWeights`` and ``weightCol`` have none.
    _DEFAULTS: Dict[str, Any] = dict(
        featuresCol="features", labelCol="label", predictionCol="prediction", maxIter=10, batchSize=256,
        localSteps=1, stepSize=0.001, optimizer="adam", weightDecay=0.0, clipNorm=0.0,
        stepSizeSchedule="constant", earlyStoppingPatience=0, seed=42,
        initializer="xavier", inputShape="", handleInvalid="error", validationFraction=0.0,
        validationIndicatorCol="", checkpointDir="", checkpointInterval=1)

    def getFeaturesCol(self) -> str:
        """The features column."""
        return self.getOrDefault(self.featuresCol)

    def getLabelCol(self) -> str:
        """The label column."""
        return self.getOrDefault(self.labelCol)

    def getPredictionCol(self) -> str:
        """The prediction column."""
        return self.getOrDefault(self.predictionCol)

    def getLayers(self) -> str:
        """The network spec, e.g. ``"dense(256,relu) dense(10)"``."""
        return self.getOrDefault(self.layers)

    def getMaxIter(self) -> int:
        """The number of epochs."""
        return self.getOrDefault(self.maxIter)

    def getBatchSize(self) -> int:
        """Rows per global mini-batch."""
        return self.getOrDefault(self.batchSize)

    def getStepSize(self) -> float:
        """The learning rate."""
        return self.getOrDefault(self.stepSize)

    def getLocalSteps(self) -> int:
        """Optimizer steps per partition between two synchronizations."""
        return self.getOrDefault(self.localSteps)

    def getOptimizer(self) -> str:
        """The optimizer, ``adam`` or ``sgd``."""
        return self.getOrDefault(self.optimizer)

    def getWeightDecay(self) -> float:
        """The L2 penalty coefficient."""
        return self.getOrDefault(self.weightDecay)

    def getClipNorm(self) -> float:
        """The largest L2 norm of a step's mean gradient; 0 for no clipping."""
        return self.getOrDefault(self.clipNorm)

    def getStepSizeSchedule(self) -> str:
        """How the step size changes per epoch, e.g. ``"warmup(2) cosine"``."""
        return self.getOrDefault(self.stepSizeSchedule)

    def getEarlyStoppingPatience(self) -> int:
        """Epochs without a lower validation loss before the fit stops; 0 for no early stopping."""
        return self.getOrDefault(self.earlyStoppingPatience)

    def getSeed(self) -> int:
        """The random seed."""
        return self.getOrDefault(self.seed)

    def getInitializer(self) -> str:
        """The weight initializer, e.g. ``xavier`` or ``normal(0.01)``."""
        return self.getOrDefault(self.initializer)

    def getInputShape(self) -> str:
        """The shape of one row, e.g. ``"1,28,28"``; empty to infer it."""
        return self.getOrDefault(self.inputShape)

    def getHandleInvalid(self) -> str:
        """``error`` or ``skip``."""
        return self.getOrDefault(self.handleInvalid)

    def getValidationFraction(self) -> float:
        """The fraction of rows held out for validation."""
        return self.getOrDefault(self.validationFraction)

    def getValidationIndicatorCol(self) -> str:
        """The boolean column marking validation rows; empty for none."""
        return self.getOrDefault(self.validationIndicatorCol)

    def getWeightCol(self) -> str:
        """The column of each row's weight (an error if it is not set)."""
        return self.getOrDefault(self.weightCol)

    def getCheckpointDir(self) -> str:
        """Where a fit keeps its checkpoints; empty for none."""
        return self.getOrDefault(self.checkpointDir)

    def getInitialWeights(self) -> Any:
        """The weights a fit starts from, a ``pyspark.ml.linalg.Vector``, if set."""
        return self.getOrDefault(self.initialWeights)

    def getCheckpointInterval(self) -> int:
        """Epochs between checkpoints, or -1 for never."""
        return self.getOrDefault(self.checkpointInterval)


class _LazyNetClassifierParams(_LazyNetParams):
    """The Params a classifier adds (Java: ``dev.lazynet.spark.LazyNetClassifierParams``)."""

    probabilityCol = _param(
        "probabilityCol", "column name for the predicted class probabilities, the softmax of the raw"
        " prediction; empty: no such column", _STRING)
    rawPredictionCol = _param(
        "rawPredictionCol", "column name for the raw prediction, the network's outputs before softmax"
        " (logits); empty: no such column", _STRING)

    thresholds = _param(
        "thresholds", "Thresholds in multi-class classification to adjust the probability of predicting each"
        " class: the class with the largest value p/t is predicted, where p is the probability of that class"
        " and t its threshold; a class with threshold 0 is always predicted (its length must equal the number"
        " of classes; values >= 0, at most one of them 0)", TypeConverters.toListFloat)

    #: ``thresholds`` has no default: without it the prediction is the most probable class.
    _DEFAULTS = dict(_LazyNetParams._DEFAULTS, probabilityCol="probability", rawPredictionCol="rawPrediction")

    def getThresholds(self) -> List[float]:
        """The per-class thresholds (an error if they are not set)."""
        return self.getOrDefault(self.thresholds)

    def getProbabilityCol(self) -> str:
        """The class probabilities column."""
        return self.getOrDefault(self.probabilityCol)

    def getRawPredictionCol(self) -> str:
        """The raw prediction (logits) column."""
        return self.getOrDefault(self.rawPredictionCol)


class _LazyNetEstimator(JavaEstimator, JavaMLReadable, JavaMLWritable):
    """What both estimators share: the Java stage, ``setParams`` and a setter per Param."""

    _java_class: str

    def __init__(self) -> None:
        super().__init__()
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(**self._DEFAULTS)

    def _fit(self, dataset: Any) -> Any:
        with _java_errors():
            return super()._fit(dataset)

    def setFeaturesCol(self, value: str) -> Any:
        """Sets :py:attr:`featuresCol`."""
        return self._set(featuresCol=value)

    def setLabelCol(self, value: str) -> Any:
        """Sets :py:attr:`labelCol`."""
        return self._set(labelCol=value)

    def setPredictionCol(self, value: str) -> Any:
        """Sets :py:attr:`predictionCol`."""
        return self._set(predictionCol=value)

    def setLayers(self, value: str) -> Any:
        """Sets :py:attr:`layers`, the network spec."""
        return self._set(layers=value)

    def setMaxIter(self, value: int) -> Any:
        """Sets :py:attr:`maxIter`, the number of epochs."""
        return self._set(maxIter=value)

    def setBatchSize(self, value: int) -> Any:
        """Sets :py:attr:`batchSize`."""
        return self._set(batchSize=value)

    def setStepSize(self, value: float) -> Any:
        """Sets :py:attr:`stepSize`, the learning rate."""
        return self._set(stepSize=value)

    def setLocalSteps(self, value: int) -> Any:
        """Sets :py:attr:`localSteps`."""
        return self._set(localSteps=value)

    def setOptimizer(self, value: str) -> Any:
        """Sets :py:attr:`optimizer`."""
        return self._set(optimizer=value)

    def setWeightDecay(self, value: float) -> Any:
        """Sets :py:attr:`weightDecay`."""
        return self._set(weightDecay=value)

    def setClipNorm(self, value: float) -> Any:
        """Sets :py:attr:`clipNorm`."""
        return self._set(clipNorm=value)

    def setStepSizeSchedule(self, value: str) -> Any:
        """Sets :py:attr:`stepSizeSchedule`, e.g. ``"step(10,0.5)"``."""
        return self._set(stepSizeSchedule=value)

    def setEarlyStoppingPatience(self, value: int) -> Any:
        """Sets :py:attr:`earlyStoppingPatience`; it needs validation rows."""
        return self._set(earlyStoppingPatience=value)

    def setSeed(self, value: int) -> Any:
        """Sets :py:attr:`seed`."""
        return self._set(seed=value)

    def setInitializer(self, value: str) -> Any:
        """Sets :py:attr:`initializer`."""
        return self._set(initializer=value)

    def setInputShape(self, value: str) -> Any:
        """Sets :py:attr:`inputShape`."""
        return self._set(inputShape=value)

    def setHandleInvalid(self, value: str) -> Any:
        """Sets :py:attr:`handleInvalid`."""
        return self._set(handleInvalid=value)

    def setValidationFraction(self, value: float) -> Any:
        """Sets :py:attr:`validationFraction`."""
        return self._set(validationFraction=value)

    def setValidationIndicatorCol(self, value: str) -> Any:
        """Sets :py:attr:`validationIndicatorCol`."""
        return self._set(validationIndicatorCol=value)

    def setWeightCol(self, value: str) -> Any:
        """Sets :py:attr:`weightCol`: the numeric column of each row's weight (>= 0); a weight of 2 counts
        the row twice."""
        return self._set(weightCol=value)

    def setCheckpointDir(self, value: str) -> Any:
        """Sets :py:attr:`checkpointDir`."""
        return self._set(checkpointDir=value)

    def setInitialWeights(self, value: Any) -> Any:
        """Sets :py:attr:`initialWeights`: a ``Vector`` of the network's weights in the order of its
        parameters, e.g. ``Vectors.dense(error.java_exception.lastGoodWeights())`` after a
        :class:`TrainingDivergedError`, to resume with a smaller ``stepSize``."""
        return self._set(initialWeights=value)

    def setCheckpointInterval(self, value: int) -> Any:
        """Sets :py:attr:`checkpointInterval`."""
        return self._set(checkpointInterval=value)


class LazyNetTrainingSummary(JavaWrapper):
    """What a fit measured, per epoch (Java: ``dev.lazynet.spark.LazyNetTrainingSummary``)."""

    @property
    def lossHistory(self) -> List[float]:
        """The training loss of each epoch."""
        return list(self._call_java("lossHistory"))

    @property
    def validationLossHistory(self) -> List[float]:
        """The validation loss of each epoch; empty without validation rows."""
        return list(self._call_java("validationLossHistory"))

    @property
    def validationAccuracyHistory(self) -> List[float]:
        """The validation accuracy of each epoch (classifiers); empty without validation rows."""
        return list(self._call_java("validationAccuracyHistory"))

    @property
    def secondsPerEpoch(self) -> List[float]:
        """The wall-clock seconds of each epoch."""
        return list(self._call_java("secondsPerEpoch"))

    @property
    def bestEpoch(self) -> int:
        """The epoch (from 1) with the lowest validation loss, whose weights an early stopped fit keeps; the
        last epoch without validation rows."""
        return self._call_java("bestEpoch")

    @property
    def totalEpochs(self) -> int:
        """The number of epochs trained."""
        return self._call_java("totalEpochs")

    @property
    def trainingRows(self) -> int:
        """The rows trained on."""
        return self._call_java("trainingRows")

    @property
    def validationRows(self) -> int:
        """The rows held out for validation."""
        return self._call_java("validationRows")

    @property
    def rowsSkipped(self) -> int:
        """The invalid rows dropped under ``handleInvalid="skip"``."""
        return self._call_java("rowsSkipped")

    @property
    def inputShape(self) -> str:
        """The inferred shape of one row, e.g. ``(784)``."""
        return self._java_obj.inputShape().toString()

    def __repr__(self) -> str:
        return self._java_obj.toString()


class LazyNetClassificationMetrics(JavaWrapper):
    """What ``LazyNetClassificationModel.evaluate`` measures, computed by Spark's ``MulticlassMetrics``
    (Java: ``dev.lazynet.spark.LazyNetClassificationMetrics``); the per-label lists follow ``labels``."""

    @property
    def accuracy(self) -> float:
        """The fraction of rows whose prediction is their label."""
        return self._call_java("accuracy")

    @property
    def weightedPrecision(self) -> float:
        """The precision of each label, weighted by its share of the rows."""
        return self._call_java("weightedPrecision")

    @property
    def weightedRecall(self) -> float:
        """The recall of each label, weighted by its share of the rows."""
        return self._call_java("weightedRecall")

    @property
    def weightedFMeasure(self) -> float:
        """The F1 measure of each label, weighted by its share of the rows."""
        return self._call_java("weightedFMeasure")

    @property
    def labels(self) -> List[float]:
        """The labels found in the label column, in ascending order."""
        return list(self._java_obj.labels())

    @property
    def precisionByLabel(self) -> List[float]:
        """The precision of each of ``labels``."""
        return list(self._java_obj.precisionByLabel())

    @property
    def recallByLabel(self) -> List[float]:
        """The recall of each of ``labels``."""
        return list(self._java_obj.recallByLabel())

    @property
    def fMeasureByLabel(self) -> List[float]:
        """The F1 measure of each of ``labels``."""
        return list(self._java_obj.fMeasureByLabel())

    @property
    def areaUnderROC(self) -> Optional[float]:
        """The area under the ROC curve of the probability of class 1 for two classes; None for more."""
        area = self._java_obj.areaUnderROC()
        return area.getAsDouble() if area.isPresent() else None

    def __repr__(self) -> str:
        return str(self._java_obj.toString())


class LazyNetRegressionMetrics(JavaWrapper):
    """What ``LazyNetRegressionModel.evaluate`` measures, computed by Spark's ``RegressionMetrics``
    (Java: ``dev.lazynet.spark.LazyNetRegressionMetrics``)."""

    @property
    def rootMeanSquaredError(self) -> float:
        """The square root of ``meanSquaredError``."""
        return self._call_java("rootMeanSquaredError")

    @property
    def meanSquaredError(self) -> float:
        """The mean of the squared differences between prediction and label."""
        return self._call_java("meanSquaredError")

    @property
    def meanAbsoluteError(self) -> float:
        """The mean of the absolute differences between prediction and label."""
        return self._call_java("meanAbsoluteError")

    @property
    def r2(self) -> float:
        """The coefficient of determination."""
        return self._call_java("r2")

    @property
    def explainedVariance(self) -> float:
        """The variance of the predictions around the label mean, as Spark defines it."""
        return self._call_java("explainedVariance")

    def __repr__(self) -> str:
        return str(self._java_obj.toString())


class _LazyNetModel(JavaModel, JavaMLReadable, JavaMLWritable):
    """What both models share: the summary, the network, ONNX export and the column setters."""

    @property
    def hasSummary(self) -> bool:
        """Whether a training summary exists (on models returned by ``fit``, not on loaded ones)."""
        _classic_only("The training summary")
        return self._call_java("hasSummary")

    @property
    def summary(self) -> LazyNetTrainingSummary:
        """The training summary: loss per epoch, validation metrics, rows skipped, seconds per epoch."""
        _classic_only("The training summary")
        with _java_errors():
            return LazyNetTrainingSummary(self._java_obj.summary())

    @property
    def numFeatures(self) -> int:
        """The number of input features the network was built for."""
        _classic_only("numFeatures")
        return self._call_java("numFeatures")

    @property
    def weights(self) -> List[float]:
        """The trained weights as one flat list, in the order of the network's parameters."""
        _classic_only("weights")
        return list(self._call_java("weights"))

    def networkSummary(self) -> str:
        """The trained network, one row per layer with its output shape and parameter shapes."""
        _classic_only("The network summary")
        return self._java_obj.network().summary()

    def exportOnnx(self, path: str) -> None:
        """Writes the trained network as an ONNX model to ``path`` (any path ``save`` takes)."""
        _classic_only("exportOnnx")
        with _java_errors():
            self._call_java("exportOnnx", path)

    def setFeaturesCol(self, value: str) -> Any:
        """Sets :py:attr:`featuresCol`."""
        return self._set(featuresCol=value)

    def setPredictionCol(self, value: str) -> Any:
        """Sets :py:attr:`predictionCol`."""
        return self._set(predictionCol=value)

    def setLabelCol(self, value: str) -> Any:
        """Sets :py:attr:`labelCol`, the column ``evaluate`` compares the predictions with."""
        return self._set(labelCol=value)

    def setHandleInvalid(self, value: str) -> Any:
        """Sets :py:attr:`handleInvalid`."""
        return self._set(handleInvalid=value)

    def setBatchSize(self, value: int) -> Any:
        """Sets :py:attr:`batchSize`, the rows per block of ``transform``."""
        return self._set(batchSize=value)


class LazyNetClassificationModel(_LazyNetModel, _LazyNetClassifierParams):
    """A trained LazyNet classifier: ``transform`` adds ``prediction``, ``probability`` and
    ``rawPrediction``, like Spark's classifiers."""

    def __init__(self, java_model: Optional[Any] = None) -> None:
        super().__init__(java_model)
        self._setDefault(**self._DEFAULTS)

    @property
    def numClasses(self) -> int:
        """The number of classes, the network's outputs."""
        _classic_only("numClasses")
        return self._call_java("numClasses")

    def setProbabilityCol(self, value: str) -> "LazyNetClassificationModel":
        """Sets :py:attr:`probabilityCol`."""
        return self._set(probabilityCol=value)

    def setRawPredictionCol(self, value: str) -> "LazyNetClassificationModel":
        """Sets :py:attr:`rawPredictionCol`."""
        return self._set(rawPredictionCol=value)

    def setThresholds(self, value: List[float]) -> "LazyNetClassificationModel":
        """Sets :py:attr:`thresholds`, one per class."""
        return self._set(thresholds=value)

    def evaluate(self, dataset: Any) -> LazyNetClassificationMetrics:
        """Measures the model on a labelled DataFrame (its ``labelCol``) with Spark's metrics: accuracy,
        weighted and per-label precision, recall and F-measure, and the area under ROC for two classes."""
        _classic_only("evaluate")
        self._transfer_params_to_java()
        with _java_errors():
            return LazyNetClassificationMetrics(self._java_obj.evaluate(dataset._jdf))


class LazyNetRegressionModel(_LazyNetModel, _LazyNetParams):
    """A trained LazyNet regressor: ``transform`` adds ``prediction``."""

    def __init__(self, java_model: Optional[Any] = None) -> None:
        super().__init__(java_model)
        self._setDefault(**self._DEFAULTS)

    def evaluate(self, dataset: Any) -> LazyNetRegressionMetrics:
        """Measures the model on a labelled DataFrame (its ``labelCol``) with Spark's ``RegressionMetrics``:
        rmse, mse, mae, r2 and explained variance."""
        _classic_only("evaluate")
        self._transfer_params_to_java()
        with _java_errors():
            return LazyNetRegressionMetrics(self._java_obj.evaluate(dataset._jdf))


class LazyNetClassifier(_LazyNetEstimator, _LazyNetClassifierParams):
    """Trains a neural network classifier whose layers are declared without input sizes; the input shape
    is inferred from the data and the loss is softmax cross-entropy.

    Labels are class indices ``0 .. k-1``, as ``StringIndexer`` makes them; the network's last layer has
    one output per class::

        LazyNetClassifier(layers="dense(256,relu) dense(10)", maxIter=5).fit(train)
    """

    _java_class = "dev.lazynet.spark.LazyNetClassifier"

    @keyword_only
    def __init__(
        self, *, layers: Optional[str] = None, featuresCol: str = "features", labelCol: str = "label",
        predictionCol: str = "prediction", probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction", maxIter: int = 10, batchSize: int = 256,
        stepSize: float = 0.001, localSteps: int = 1, optimizer: str = "adam", weightDecay: float = 0.0,
        seed: int = 42, initializer: str = "xavier", inputShape: str = "", handleInvalid: str = "error",
        validationFraction: float = 0.0, validationIndicatorCol: str = "", checkpointDir: str = "",
        checkpointInterval: int = 1, initialWeights: Optional[Any] = None,
        clipNorm: float = 0.0, stepSizeSchedule: str = "constant", earlyStoppingPatience: int = 0,
        thresholds: Optional[List[float]] = None, weightCol: Optional[str] = None,
    ) -> None:
        super().__init__()
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self, *, layers: Optional[str] = None, featuresCol: str = "features", labelCol: str = "label",
        predictionCol: str = "prediction", probabilityCol: str = "probability",
        rawPredictionCol: str = "rawPrediction", maxIter: int = 10, batchSize: int = 256,
        stepSize: float = 0.001, localSteps: int = 1, optimizer: str = "adam", weightDecay: float = 0.0,
        seed: int = 42, initializer: str = "xavier", inputShape: str = "", handleInvalid: str = "error",
        validationFraction: float = 0.0, validationIndicatorCol: str = "", checkpointDir: str = "",
        checkpointInterval: int = 1, initialWeights: Optional[Any] = None,
        clipNorm: float = 0.0, stepSizeSchedule: str = "constant", earlyStoppingPatience: int = 0,
        thresholds: Optional[List[float]] = None, weightCol: Optional[str] = None,
    ) -> "LazyNetClassifier":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def setProbabilityCol(self, value: str) -> "LazyNetClassifier":
        """Sets :py:attr:`probabilityCol`."""
        return self._set(probabilityCol=value)

    def setRawPredictionCol(self, value: str) -> "LazyNetClassifier":
        """Sets :py:attr:`rawPredictionCol`."""
        return self._set(rawPredictionCol=value)

    def setThresholds(self, value: List[float]) -> "LazyNetClassifier":
        """Sets :py:attr:`thresholds`, one per class; the model gets them."""
        return self._set(thresholds=value)

    def _create_model(self, java_model: Any) -> LazyNetClassificationModel:
        return LazyNetClassificationModel(java_model)


class LazyNetRegressor(_LazyNetEstimator, _LazyNetParams):
    """Trains a neural network regressor whose layers are declared without input sizes; the loss is the
    mean squared error and the network ends with one output::

        LazyNetRegressor(layers="dense(64,relu) dense(1)").fit(train)
    """

    _java_class = "dev.lazynet.spark.LazyNetRegressor"

    @keyword_only
    def __init__(
        self, *, layers: Optional[str] = None, featuresCol: str = "features", labelCol: str = "label",
        predictionCol: str = "prediction", maxIter: int = 10, batchSize: int = 256, stepSize: float = 0.001,
        localSteps: int = 1, optimizer: str = "adam", weightDecay: float = 0.0, seed: int = 42,
        initializer: str = "xavier", inputShape: str = "", handleInvalid: str = "error",
        validationFraction: float = 0.0, validationIndicatorCol: str = "", checkpointDir: str = "",
        checkpointInterval: int = 1, initialWeights: Optional[Any] = None,
        clipNorm: float = 0.0, stepSizeSchedule: str = "constant", earlyStoppingPatience: int = 0,
        weightCol: Optional[str] = None,
    ) -> None:
        super().__init__()
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self, *, layers: Optional[str] = None, featuresCol: str = "features", labelCol: str = "label",
        predictionCol: str = "prediction", maxIter: int = 10, batchSize: int = 256, stepSize: float = 0.001,
        localSteps: int = 1, optimizer: str = "adam", weightDecay: float = 0.0, seed: int = 42,
        initializer: str = "xavier", inputShape: str = "", handleInvalid: str = "error",
        validationFraction: float = 0.0, validationIndicatorCol: str = "", checkpointDir: str = "",
        checkpointInterval: int = 1, initialWeights: Optional[Any] = None,
        clipNorm: float = 0.0, stepSizeSchedule: str = "constant", earlyStoppingPatience: int = 0,
        weightCol: Optional[str] = None,
    ) -> "LazyNetRegressor":
        """Sets the Params given by keyword."""
        return self._set(**self._input_kwargs)

    def _create_model(self, java_model: Any) -> LazyNetRegressionModel:
        return LazyNetRegressionModel(java_model)
