"""PyTorch reference for the C# benchmark: the same networks and sizes, timed the same way.

Run by the benchmark with --pytorch PYTHON (Debian: apt-get install python3-torch libopenblas0-pthread, then
--pytorch /usr/bin/python3). Prints one line: seconds per unit of work (a training step, a scored row or one call).

usage: reference.py WORKLOAD THREADS REPEATS [--quick]
  WORKLOAD: training-lstm | training-gru | training-rnn | scoring | latency
"""
import statistics
import sys
import time

import torch
from torch import nn


class Network(nn.Module):
    # B: batch, T: steps, D: input size, L: layers, H: hidden size, O: outputs.
    def __init__(self, cell, input_size, hidden, layers, outputs):
        super().__init__()
        kind = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.recurrent = kind(input_size, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, outputs)

    def forward(self, x):                       # (B, T, D)
        _, state = self.recurrent(x)
        hn = state[0] if isinstance(state, tuple) else state   # -> (L, B, H)
        return self.head(hn[-1])                # -> (B, O)


TRAINING = {
    # cell, input, hidden, layers, steps, batch, outputs, loss
    "training-lstm": ("lstm", 1, 64, 1, 50, 64, 1, "mse"),
    "training-gru": ("gru", 10, 128, 2, 100, 32, 5, "ce"),
    "training-rnn": ("rnn", 10, 32, 1, 1000, 16, 1, "bce"),
}


def train(workload, repeats, quick):
    cell, d, h, layers, steps, batch, outputs, loss_name = TRAINING[workload]
    if quick:
        steps = min(steps, 20)
    torch.manual_seed(1)
    net = Network(cell, d, h, layers, outputs)
    optimizer = torch.optim.Adam(net.parameters(), lr=0.005)
    x = torch.randn(batch, steps, d)
    y = {"mse": torch.randn(batch, 1), "bce": torch.randint(0, 2, (batch, 1)).float(), "ce": torch.randint(0, outputs, (batch,))}[loss_name]
    loss_fn = {"mse": nn.functional.mse_loss, "bce": nn.functional.binary_cross_entropy_with_logits, "ce": nn.functional.cross_entropy}[loss_name]
    count = 2 if quick else 20

    def run():
        start = time.perf_counter()
        for _ in range(count):
            optimizer.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizer.step()
            loss.item()
        return (time.perf_counter() - start) / count

    run()
    return [run() for _ in range(repeats)]


def scoring(repeats, quick):
    steps = 20 if quick else 100
    rows = 1024 if quick else 8192
    torch.manual_seed(1)
    net = Network("lstm", 1, 128, 2, 1).eval()
    x = torch.randn(256, steps, 1)

    def run():
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(rows // 256):
                net(x).numpy()
        return (time.perf_counter() - start) / rows

    run()
    return [run() for _ in range(repeats)]


def latency(repeats, quick):
    torch.manual_seed(1)
    net = Network("lstm", 1, 64, 1, 1).eval()
    row = [0.1] * 50
    calls = 200 if quick else 2000

    def run():
        times = []
        with torch.no_grad():
            for _ in range(calls):
                start = time.perf_counter()
                net(torch.tensor(row).view(1, 50, 1)).item()
                times.append(time.perf_counter() - start)
        return statistics.median(times)

    run()
    return [run() for _ in range(repeats)]


def main():
    workload, threads, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    quick = "--quick" in sys.argv[4:]
    torch.set_num_threads(threads)
    if workload in TRAINING:
        results = train(workload, repeats, quick)
    elif workload == "scoring":
        results = scoring(repeats, quick)
    elif workload == "latency":
        results = latency(repeats, quick)
    else:
        raise SystemExit(f"unknown workload {workload!r}; expected one of {', '.join([*TRAINING, 'scoring', 'latency'])}")
    print(f"{statistics.median(results):.9f}")


if __name__ == "__main__":
    main()
