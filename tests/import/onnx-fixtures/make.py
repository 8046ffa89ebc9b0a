"""Makes the ONNX import fixtures with PyTorch's exporter (run by hand; tests need no Python).

    /work/pyenv/bin/python tests/import/onnx-fixtures/make.py

Each model is exported with torch.onnx.export (TorchScript exporter, opset 17, dynamic batch) to
<name>.onnx, and <name>.json holds a batch of inputs and PyTorch's own outputs for them, which the
import test compares our imported graph against.
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


class Cnn(nn.Module):
    """NCHW images: conv, batch norm, pooling, flatten (C-major), dense layers, softmax."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
        self.bn = nn.BatchNorm2d(3)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(3, 4, (2, 3), stride=(1, 2))
        self.avg = nn.AvgPool2d(2, stride=1)
        self.fc1 = nn.Linear(4 * 2 * 1, 5)
        self.fc2 = nn.Linear(5, 3)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn(self.conv1(x))))
        x = nn.functional.leaky_relu(self.conv2(x), 0.2)
        x = self.avg(x)
        x = torch.flatten(x, 1)
        return torch.softmax(self.fc2(torch.tanh(self.fc1(x))), dim=1)


class Mlp(nn.Module):
    """A plain MLP with dropout, ELU, SiLU and sigmoid."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(3, 6), nn.ELU(), nn.Dropout(0.25), nn.Linear(6, 4), nn.SiLU(), nn.Linear(4, 1), nn.Sigmoid()
        )

    def forward(self, x):
        return self.net(x)


class Wide(nn.Module):
    """A CNN whose flatten feeds a Linear from many channels: checks the NCHW→NHWC row order."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 3, 3)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(3 * 4 * 4, 2)
        self.fc_gap = nn.Linear(3, 2)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        return self.fc(torch.flatten(y, 1)) + self.fc_gap(torch.flatten(self.gap(y), 1))


class View(nn.Module):
    """x.view(x.size(0), -1): the batch size read with Shape/Gather/Unsqueeze/Concat → Reshape."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 2, stride=2)
        self.fc = nn.Linear(2 * 2 * 3, 3)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        return self.fc(y.view(y.size(0), -1))


def export(name, model, shape):
    model.eval()
    # Batch-norm statistics away from their initial 0/1, as after training.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    x = torch.randn(*shape)
    path = os.path.join(HERE, f"{name}.onnx")
    torch.onnx.export(
        model, (x,), path, input_names=["x"], output_names=["y"], opset_version=17,
        dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, dynamo=False,
    )
    with torch.no_grad():
        y = model(x)
    with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump({"input": {"shape": list(x.shape), "values": x.ravel().tolist()},
                   "output": {"shape": list(y.shape), "values": y.ravel().tolist()}}, f)


export("torch-cnn", Cnn(), (3, 2, 8, 10))
export("torch-mlp", Mlp(), (4, 3))
export("torch-wide", Wide(), (2, 1, 6, 6))
export("torch-view", View(), (2, 2, 4, 6))
