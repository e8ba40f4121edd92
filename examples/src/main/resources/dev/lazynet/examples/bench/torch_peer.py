"""PyTorch on the CPU, the peer of LazyNet's benchmark: the same job in one Python process.

The benchmark (``dev.lazynet.examples.bench.Benchmark``) writes the rows it trains and tests on to one
file and runs this script on it, so both sides see the same images, scaled the same way. The network,
optimizer, batch size and initializer are LazyNet's benchmark job's: 784-256 (ReLU or sigmoid)-10
(``--network mlp``) or the LeNet-style network of the ``fashion-mnist-lenet`` example on the rows viewed
as 1x28x28 images (``--network lenet``), Adam with step size 1e-3, batches of 256 rows in a seeded
shuffled order, Xavier-uniform weights and zero biases. Each epoch is timed alone (the shuffle included,
the test evaluation not), and the test accuracy is measured after every epoch, outside the clock.

Prints one JSON object on standard output: the torch version, the threads, the seed, the seconds of
each epoch and the test accuracy after it.

The data file holds, little-endian: four int32 (training rows, test rows, features per row, 0), then the
training pixels (float32, row after row), the training labels (int32), the test pixels and the test
labels.
"""

import argparse
import json
import sys
import time

import numpy as np
import torch
from torch import nn


def read_rows(path):
    """The training and test rows of the benchmark's data file, as tensors."""
    with open(path, "rb") as f:
        train_rows, test_rows, width, _ = np.frombuffer(f.read(16), dtype="<i4")
        parts = []
        for rows in (train_rows, test_rows):
            pixels = np.frombuffer(f.read(4 * rows * width), dtype="<f4").reshape(rows, width)
            labels = np.frombuffer(f.read(4 * rows), dtype="<i4")
            parts.append((torch.from_numpy(pixels.copy()), torch.from_numpy(labels.astype(np.int64))))
        if f.read(1):
            raise ValueError(f"{path} is longer than its header says: {train_rows} + {test_rows} rows of {width}")
    return parts


def network(width, hidden, activation, classes):
    """784-hidden-classes with LazyNet's default initializer: Xavier-uniform weights, zero biases."""
    act = {"relu": nn.ReLU(), "sigmoid": nn.Sigmoid()}[activation]
    return initialized(nn.Sequential(nn.Linear(width, hidden), act, nn.Linear(hidden, classes)))


def lenet(classes):
    """The fashion-mnist-lenet example's network, conv2d(6,5,relu) maxpool(2) conv2d(16,5,relu) maxpool(2)
    flatten dense(120,relu) dense(84,relu) dense(10), on 1x28x28 images, initialized as LazyNet does."""
    return initialized(nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, classes)))


def initialized(model):
    """LazyNet's default initializer on every weighted layer: Xavier-uniform weights (fans as in PyTorch),
    zero biases."""
    for layer in model:
        if isinstance(layer, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return model


def accuracy(model, pixels, labels):
    """The share of rows whose largest output is their label."""
    with torch.no_grad():
        return (model(pixels).argmax(dim=1) == labels).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the data file the benchmark wrote")
    parser.add_argument("--threads", type=int, required=True, help="torch.set_num_threads")
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--step-size", type=float, default=1e-3)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--activation", choices=["relu", "sigmoid"], default="relu",
                        help="the hidden layer's activation of the mlp network")
    parser.add_argument("--network", choices=["mlp", "lenet"], default="mlp")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    (train_x, train_y), (test_x, test_y) = read_rows(args.data)
    classes = int(max(train_y.max(), test_y.max()).item()) + 1
    if args.network == "lenet":
        if train_x.shape[1] != 28 * 28:
            raise ValueError(f"the lenet network takes 1x28x28 images, but the rows have {train_x.shape[1]} values")
        model = lenet(classes)
    else:
        model = network(train_x.shape[1], args.hidden, args.activation, classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.step_size)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(args.seed)

    seconds, accuracies = [], []
    for _ in range(args.epochs):
        model.train()
        start = time.perf_counter()
        permutation = torch.randperm(train_x.shape[0], generator=order)
        for first in range(0, train_x.shape[0], args.batch):
            rows = permutation[first:first + args.batch]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(train_x[rows]), train_y[rows]).backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
        model.eval()
        accuracies.append(accuracy(model, test_x, test_y))

    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "seed": args.seed,
               "epoch_seconds": seconds, "accuracy": accuracies}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
