#!/usr/bin/python3
"""The PyTorch eager peer of `lion-dg bench --arch densenet-ds`.

The same DenseNet-DS (81,678 parameters for 10 classes: stem conv 3->24, three dense blocks of
six BN-ReLU-conv3x3 layers of growth 8, BN-ReLU-conv1x1-avgpool transitions that halve the
channels, aux heads = global average pool + linear after blocks 1 and 2, main head =
BN-ReLU-pool-linear after block 3; convolutions without bias) and the same training step: the
deep-supervision loss (main cross-entropy + 0.3 x each aux cross-entropy), backward, AdamW
(lr 1e-3, weight decay 0.05), on one random batch, timed after warm-up. Prints one JSON line
with the keys `lion-dg bench` prints.

Needs PyTorch; on Debian: apt-get install -y python3-torch, then run it with /usr/bin/python3.

usage: peer_densenet_ds.py [--batch-size 128] [--steps 30] [--warmup 5] [--threads 2]
                           [--channels-last]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn
from torch.nn import functional as F

STEM, GROWTH, LAYERS, CLASSES, AUX_WEIGHT = 24, 8, 6, 10, 0.3


def conv(cin, cout, k):
    return nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)


class NewFeatures(nn.Module):
    """One dense layer: its input concatenated with BN-ReLU-conv3x3 of it."""

    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU(), conv(c, GROWTH, 3))

    def forward(self, x):
        return torch.cat((x, self.body(x)), dim=1)


def dense_block(c):
    return nn.Sequential(*(NewFeatures(c + i * GROWTH) for i in range(LAYERS))), c + LAYERS * GROWTH


def transition(c):
    return nn.Sequential(nn.BatchNorm2d(c), nn.ReLU(), conv(c, c // 2, 1), nn.AvgPool2d(2)), c // 2


def pool_linear(c):
    return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, CLASSES))


class DenseNetDS(nn.Module):
    def __init__(self, in_channels=3):
        super().__init__()
        self.stem = conv(in_channels, STEM, 3)
        self.block1, c1 = dense_block(STEM)
        self.aux1 = pool_linear(c1)
        self.trans1, c = transition(c1)
        self.block2, c2 = dense_block(c)
        self.aux2 = pool_linear(c2)
        self.trans2, c = transition(c2)
        self.block3, c3 = dense_block(c)
        self.head = nn.Sequential(nn.BatchNorm2d(c3), nn.ReLU(), pool_linear(c3))

    def forward(self, x):
        f1 = self.block1(self.stem(x))
        f2 = self.block2(self.trans1(f1))
        f3 = self.block3(self.trans2(f2))
        return self.head(f3), self.aux1(f1), self.aux2(f2)


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--channels-last", action="store_true",
                        help="feed the batch in channels-last layout, as lion-dg's models do")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = DenseNetDS().train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999),
                                  weight_decay=0.05)
    x = torch.randn(args.batch_size, 3, 32, 32)
    if args.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, CLASSES, (args.batch_size,))
    times, rss_start = [], None
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            rss_start = rss_mb()
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        main_logits, *aux_logits = model(x)
        loss = F.cross_entropy(main_logits, y)
        for logits in aux_logits:
            loss = loss + AUX_WEIGHT * F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        loss.item()
        if step >= args.warmup:
            times.append(1000 * (time.perf_counter() - start))
    median = statistics.median(times)
    print(json.dumps({
        "impl": "pytorch-eager" + ("-channels-last" if args.channels_last else ""),
        "arch": "densenet-ds", "batch_size": args.batch_size, "steps": args.steps,
        "warmup": args.warmup, "ms_per_step_median": round(median, 2),
        "images_per_second": round(args.batch_size * 1000 / median, 1),
        "rss_mb_start": round(rss_start, 1), "rss_mb_end": round(rss_mb(), 1),
        "device": "cpu", "threads": torch.get_num_threads(),
        "engine": "pytorch " + torch.__version__,
        "params": sum(p.numel() for p in model.parameters()),
    }))


if __name__ == "__main__":
    main()
