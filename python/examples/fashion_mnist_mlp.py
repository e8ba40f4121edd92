"""Fashion-MNIST with dense(256,relu) dense(10) from Python: the Python twin of
``./examples/run.sh fashion-mnist-mlp``, with the same data preparation, settings and result line.

    pip install ./python && python python/examples/fashion_mnist_mlp.py

The pixels are standardized with the training images' mean and standard deviation, the test images go
into the fit as validation rows (so the estimator reports their loss and accuracy after each epoch
without training on them), and ``test_accuracy`` is measured again on ``transform``'s output. The last
line of standard output is the result, as ``key=value`` pairs.
"""

import argparse
import gzip
import pathlib
import struct
import sys
import time

import numpy as np
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession
from pyspark.sql.functions import lit

import lazynet

DEBIAN_DATA = "/usr/share/datasets/fashion-mnist"
BATCH_SIZE = 256
STEP_SIZE = 1e-3
SEED = 1


def read_idx(path, magic):
    """The array in an IDX file (gzipped), checked against the magic number of its kind."""
    with gzip.open(path, "rb") as file:
        found, count = struct.unpack(">II", file.read(8))
        if found != magic:
            sys.exit(f"{path} is not an IDX file of this kind: magic number {found}, expected {magic}")
        shape = (count, 28, 28) if magic == 2051 else (count,)
        if magic == 2051:
            file.read(8)
        return np.frombuffer(file.read(), dtype=np.uint8).reshape(shape)


def load(folder, prefix, limit):
    """Images as float rows of 784 pixels in [0, 1], and labels, at most ``limit`` of each."""
    folder = pathlib.Path(folder)
    images = folder / f"{prefix}-images-idx3-ubyte.gz"
    labels = folder / f"{prefix}-labels-idx1-ubyte.gz"
    for path in (images, labels):
        if not path.is_file():
            sys.exit(f"{path} is missing: install Debian's package dataset-fashion-mnist, or give --data with a "
                     "folder of the four Fashion-MNIST .gz files")
    x = read_idx(images, 2051).reshape(-1, 784).astype(np.float64) / 255.0
    y = read_idx(labels, 2049).astype(np.float64)
    return x[:limit], y[:limit]


def frame(spark, x, y, is_test, partitions):
    rows = [(Vectors.dense(x[i]), float(y[i])) for i in range(len(y))]
    return spark.createDataFrame(spark.sparkContext.parallelize(rows, partitions), ["features", "label"]) \
        .withColumn("is_test", lit(is_test))


def main():
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--master", default="local[*]", help="the Spark master (default: local[*])")
    options.add_argument("--data", default=DEBIAN_DATA, help=f"folder of the four .gz files (default: {DEBIAN_DATA})")
    options.add_argument("--epochs", type=int, default=10, help="passes over the training data (default: 10)")
    options.add_argument("--layers", default="dense(256,relu) dense(10)", help="the network spec")
    options.add_argument("--initializer", default="xavier", help="how the weights start (default: xavier)")
    options.add_argument("--limit", type=int, default=None, help="only the first N training and N test images")
    args = options.parse_args()

    train_x, train_y = load(args.data, "train", args.limit)
    test_x, test_y = load(args.data, "t10k", args.limit)
    mean, std = train_x.mean(), train_x.std()
    train_x, test_x = (train_x - mean) / std, (test_x - mean) / std
    print(f"Data: {args.data}; {len(train_y)} training and {len(test_y)} test images, pixels standardized with the"
          f" training images' mean {mean:.4f} and standard deviation {std:.4f}")

    spark = (SparkSession.builder.master(args.master).appName("fashion-mnist-mlp (Python)")
             .config("spark.jars", lazynet.jar_path()).config("spark.ui.enabled", "false")
             # The images travel from Python to the JVM through the driver: 70 000 rows of 784 doubles.
             .config("spark.driver.memory", "4g").getOrCreate())
    try:
        partitions = spark.sparkContext.defaultParallelism
        train = frame(spark, train_x, train_y, False, partitions)
        test = frame(spark, test_x, test_y, True, partitions)
        # Moved from Python into the JVM once, before the clock, as the Java job's frames already are.
        both = train.union(test).cache()
        both.count()
        classifier = lazynet.LazyNetClassifier(
            layers=args.layers, maxIter=args.epochs, batchSize=BATCH_SIZE, optimizer="adam", stepSize=STEP_SIZE,
            seed=SEED, initializer=args.initializer, validationIndicatorCol="is_test")
        print(f"Training {args.layers} ({args.initializer} initialization) for {args.epochs} epochs on "
              f"{spark.sparkContext.master} ({partitions} partitions)")
        start = time.perf_counter()
        model = classifier.fit(both)
        train_seconds = time.perf_counter() - start
        accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
            model.transform(both.where("is_test")))

        summary = model.summary
        print(model.networkSummary(), end="")
        print("epoch  training loss  test accuracy  seconds")
        for epoch, (loss, test_accuracy, seconds) in enumerate(zip(
                summary.lossHistory, summary.validationAccuracyHistory, summary.secondsPerEpoch), start=1):
            print(f"{epoch:5d}  {loss:13.4f}  {test_accuracy:13.4f}  {seconds:7.1f}")
        print(f"test_accuracy={accuracy:.4f} epochs={summary.totalEpochs} train_seconds={train_seconds:.1f}"
              f" rows={summary.trainingRows} test_rows={summary.validationRows} data=full"
              f" loss={summary.lossHistory[-1]:.4f} parameters={len(model.weights)} partitions={partitions}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
