#!/usr/bin/env python3
"""PyTorch (eager) and JAX (jit) peers of the attention workloads of `scigrad bench` (issue 17).

Usage (virtualenvs outside the repo: torch + numpy, jax + optax + numpy):
  python attention_ref.py --framework torch --threads 2 --out torch.json
  python attention_ref.py --framework jax   --threads 2 --out jax.json
  python ../../../shared/bench/best.py scigrad.json torch.json jax.json

Same JSON shape and timing method as ../shared/bench/torch_ref.py and jax_ref.py: median over `reps` samples after
warm-up, a sample the mean of `inner` back-to-back calls (sized to ~target seconds); JAX's first (compiling) call
is excluded and recorded as first_call_ms.

Workloads (definitions as in Sources/scigrad/Bench/AttentionWorkloads.swift):
  attention.b8.h8.l256.d64.train  one multi-head self-attention block: query/key/value/output nn.Linear(512, 512)
      with bias, 8 heads of 64, scaled dot-product attention (torch: F.scaled_dot_product_attention; JAX:
      jax.nn.dot_product_attention), x [8, 256, 512] float32, MSE to a random target, backward, Adam(lr 1e-3).
  lsm.darcy32.train  one training step of the authors' LSM_2D (models/LSM_2D.py of thuml/Latent-Spectral-Models,
      its classes copied below) reduced to 3 U-Net levels: d_model 16, patch 4x4, 4 tokens, 12 bases, 8 heads,
      padding 0; input [20, 32, 32, 1]; relative L2 loss summed over the batch (LpLoss); Adam(lr 5e-4, weight
      decay 1e-4). JAX: the same model written functionally (NCHW lax.conv_general_dilated, BatchNorm2d in
      training mode with its running statistics carried in the state, max pooling by lax.reduce_window, bilinear x2
      with aligned corners as two interpolation matrices, the blocks' einsums as in torch), one jit step with
      optax add_decayed_weights + adam (torch's coupled weight decay).
"""
import json, math, os, platform, sys, time

import peer

args = peer.arguments(
    ("--ids", dict(default="attention.b8.h8.l256.d64.train,lsm.darcy32.train")), framework_required=True)

import numpy as np

IDS = set(args.ids.split(","))
RESULTS = []



def record(id, name, t, extra=None):
    r = dict(id=id, section="attention", name=name, unit="ms", med=t["med"] * 1e3, min=t["min"] * 1e3,
             max=t["max"] * 1e3, n=t["n"], inner=t["inner"])
    r.update(extra or {})
    RESULTS.append(r)
    print(f"{id}: {r['med']:.4g} ms (min {r['min']:.4g}, max {r['max']:.4g}, n={r['n']}x{r['inner']}) {name}", flush=True)


B, H, L, D = 8, 8, 256, 64
E = H * D

# ------------------------------------------------------------------------------------------------ PyTorch
if args.framework == "torch":
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(args.threads)

    class AttentionBlock(nn.Module):
        def __init__(self, dim, heads):
            super().__init__()
            self.heads = heads
            self.query, self.key, self.value, self.output = (nn.Linear(dim, dim) for _ in range(4))

        def forward(self, x):  # x [B, L, E]
            b, l, e = x.shape
            split = lambda t: t.view(b, l, self.heads, e // self.heads).transpose(1, 2)  # [B, H, L, d]
            y = F.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)), split(self.value(x)))
            return self.output(y.transpose(1, 2).reshape(b, l, e))

    if "attention.b8.h8.l256.d64.train" in IDS:
        torch.manual_seed(0)
        block = AttentionBlock(E, H)
        x = torch.randn(B, L, E); target = torch.randn(B, L, E)
        opt = torch.optim.Adam(block.parameters(), lr=1e-3)

        def step():
            opt.zero_grad(set_to_none=True)
            F.mse_loss(block(x), target).backward()
            opt.step()
        record("attention.b8.h8.l256.d64.train", "MHA block fwd+bwd+Adam, F.scaled_dot_product_attention (eager)",
               peer.timeit(step, target=0.2))

    # The authors' LSM_2D classes (models/LSM_2D.py), `.cuda()` removed; Model reduced to 3 levels.
    class DoubleConv(nn.Module):
        def __init__(self, in_channels, out_channels, mid_channels=None):
            super().__init__()
            mid_channels = mid_channels or out_channels
            self.double_conv = nn.Sequential(
                nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False), nn.BatchNorm2d(mid_channels),
                nn.ReLU(inplace=True),
                nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
                nn.BatchNorm2d(out_channels), nn.ReLU(inplace=True))

        def forward(self, x):
            return self.double_conv(x)

    class Down(nn.Module):
        def __init__(self, in_channels, out_channels):
            super().__init__()
            self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))

        def forward(self, x):
            return self.maxpool_conv(x)

    class Up(nn.Module):
        def __init__(self, in_channels, out_channels):
            super().__init__()
            self.up = nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)
            self.conv = DoubleConv(in_channels, out_channels, in_channels // 2)

        def forward(self, x1, x2):
            x1 = self.up(x1)
            diffY = x2.size()[2] - x1.size()[2]; diffX = x2.size()[3] - x1.size()[3]
            x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2, diffY // 2, diffY - diffY // 2])
            return self.conv(torch.cat([x2, x1], dim=1))

    class NeuralSpectralBlock2d(nn.Module):
        def __init__(self, width, num_basis, patch_size=[3, 3], num_token=4):
            super().__init__()
            self.patch_size = patch_size; self.width = width; self.num_basis = num_basis
            self.modes_list = (1.0 / float(num_basis)) * torch.tensor([i for i in range(num_basis)], dtype=torch.float)
            self.weights = nn.Parameter((1 / (width)) * torch.rand(width, self.num_basis * 2, dtype=torch.float))
            self.head = 8; self.num_token = num_token
            self.latent = nn.Parameter(
                (1 / (width)) * torch.rand(self.head, self.num_token, width // self.head, dtype=torch.float))
            self.encoder_attn = nn.Conv2d(self.width, self.width * 2, kernel_size=1, stride=1)
            self.decoder_attn = nn.Conv2d(self.width, self.width, kernel_size=1, stride=1)
            self.softmax = nn.Softmax(dim=-1)

        def self_attn(self, q, k, v):
            attn = self.softmax(torch.einsum("bhlc,bhsc->bhls", q, k))
            return torch.einsum("bhls,bhsc->bhlc", attn, v)

        def latent_encoder_attn(self, x):
            B, C, H, W = x.shape; L = H * W
            latent_token = self.latent[None, :, :, :].repeat(B, 1, 1, 1)
            x_tmp = self.encoder_attn(x).view(B, C * 2, -1).permute(0, 2, 1).contiguous() \
                .view(B, L, self.head, C // self.head, 2).permute(4, 0, 2, 1, 3).contiguous()
            latent_token = self.self_attn(latent_token, x_tmp[0], x_tmp[1]) + latent_token
            return latent_token.permute(0, 1, 3, 2).contiguous().view(B, C, self.num_token)

        def latent_decoder_attn(self, x, latent_token):
            x_init = x; B, C, H, W = x.shape; L = H * W
            latent_token = latent_token.view(B, self.head, C // self.head, self.num_token).permute(0, 1, 3, 2).contiguous()
            x_tmp = self.decoder_attn(x).view(B, C, -1).permute(0, 2, 1).contiguous() \
                .view(B, L, self.head, C // self.head).permute(0, 2, 1, 3).contiguous()
            x = self.self_attn(x_tmp, latent_token, latent_token)
            return x.permute(0, 1, 3, 2).contiguous().view(B, C, H, W) + x_init

        def get_basis(self, x):
            x_sin = torch.sin(self.modes_list[None, None, None, :] * x[:, :, :, None] * math.pi)
            x_cos = torch.cos(self.modes_list[None, None, None, :] * x[:, :, :, None] * math.pi)
            return torch.cat([x_sin, x_cos], dim=-1)

        def forward(self, x):
            B, C, H, W = x.shape; ph, pw = self.patch_size
            x = x.view(B, C, H // ph, ph, W // pw, pw).contiguous().permute(0, 2, 4, 1, 3, 5).contiguous() \
                .view(B * (H // ph) * (W // pw), C, ph, pw)
            latent_token = self.latent_encoder_attn(x)
            latent_token = torch.einsum("bilm,im->bil", self.get_basis(latent_token), self.weights) + latent_token
            x = self.latent_decoder_attn(x, latent_token)
            return x.view(B, H // ph, W // pw, C, ph, pw).permute(0, 3, 1, 4, 2, 5).contiguous().view(B, C, H, W)

    class LSM3(nn.Module):
        """Model of LSM_2D with levels inc, down1, down2 (factor 2 on the deepest) and up1, up2."""
        def __init__(self, width=16, num_basis=12, num_token=4, patch=4):
            super().__init__()
            self.inc = DoubleConv(width, width)
            self.down1 = Down(width, width * 2)
            self.down2 = Down(width * 2, width * 4 // 2)
            self.up1 = Up(width * 4, width * 2 // 2)
            self.up2 = Up(width * 2, width)
            self.outc = nn.Conv2d(width, width, kernel_size=1)
            self.process1 = NeuralSpectralBlock2d(width, num_basis, [patch, patch], num_token)
            self.process2 = NeuralSpectralBlock2d(width * 2, num_basis, [patch, patch], num_token)
            self.process3 = NeuralSpectralBlock2d(width * 2, num_basis, [patch, patch], num_token)
            self.fc0 = nn.Linear(3, width); self.fc1 = nn.Linear(width, 128); self.fc2 = nn.Linear(128, 1)

        def forward(self, x):
            b, sx, sy = x.shape[0], x.shape[1], x.shape[2]
            gridx = torch.linspace(0, 1, sx).reshape(1, sx, 1, 1).repeat([b, 1, sy, 1])
            gridy = torch.linspace(0, 1, sy).reshape(1, 1, sy, 1).repeat([b, sx, 1, 1])
            x = self.fc0(torch.cat((x, gridx, gridy), dim=-1)).permute(0, 3, 1, 2)
            x1 = self.inc(x); x2 = self.down1(x1); x3 = self.down2(x2)
            x = self.up1(self.process3(x3), self.process2(x2))
            x = self.up2(x, self.process1(x1))
            x = self.outc(x).permute(0, 2, 3, 1)
            return self.fc2(F.gelu(self.fc1(x)))

    if "lsm.darcy32.train" in IDS:
        torch.manual_seed(0)
        model = LSM3()
        x = torch.randn(20, 32, 32, 1); y = torch.randn(20, 32, 32, 1)
        opt = torch.optim.Adam(model.parameters(), lr=5e-4, weight_decay=1e-4)

        def lsm_step():
            opt.zero_grad(set_to_none=True)
            out = model(x)
            loss = (torch.linalg.vector_norm((out - y).reshape(20, -1), dim=1)
                    / torch.linalg.vector_norm(y.reshape(20, -1), dim=1)).sum()
            loss.backward()
            opt.step()
        record("lsm.darcy32.train", "LSM_2D (3 levels, width 16) fwd+bwd+Adam, batch 20 (eager)",
               peer.timeit(lsm_step, reps=7, warmup=2, target=0.2), dict(params=sum(p.numel() for p in model.parameters())))
    meta = dict(framework="torch", version=torch.__version__, threads=args.threads)

# ------------------------------------------------------------------------------------------------ JAX
else:
    import jax
    import jax.numpy as jnp
    import optax

    def linear_init(rng, fan_in, fan_out):
        bound = 1 / math.sqrt(fan_in)
        return dict(w=jnp.asarray(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32)),
                    b=jnp.asarray(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)))

    def block_apply(p, x):  # x [B, L, E]
        b, l, e = x.shape
        split = lambda t: t.reshape(b, l, H, e // H)  # dot_product_attention takes [B, L, heads, d]
        lin = lambda q, t: t @ q["w"] + q["b"]
        y = jax.nn.dot_product_attention(split(lin(p["query"], x)), split(lin(p["key"], x)), split(lin(p["value"], x)))
        return lin(p["output"], y.reshape(b, l, e))

    if "attention.b8.h8.l256.d64.train" in IDS:
        rng = np.random.default_rng(0)
        params = {name: linear_init(rng, E, E) for name in ("query", "key", "value", "output")}
        x = jnp.asarray(rng.standard_normal((B, L, E)).astype(np.float32))
        target = jnp.asarray(rng.standard_normal((B, L, E)).astype(np.float32))
        opt = optax.adam(1e-3)

        def loss_fn(p, x, t):
            return jnp.mean((block_apply(p, x) - t) ** 2)

        @jax.jit
        def train_step(p, o, x, t):
            loss, grads = jax.value_and_grad(loss_fn)(p, x, t)
            updates, o = opt.update(grads, o, p)
            return optax.apply_updates(p, updates), o, loss
        train_step = jax.jit(train_step, donate_argnums=(0, 1))
        state = [params, opt.init(params)]

        def step():
            state[0], state[1], loss = train_step(state[0], state[1], x, target)
            loss.block_until_ready()
        t0 = time.perf_counter(); step(); first = (time.perf_counter() - t0) * 1e3
        record("attention.b8.h8.l256.d64.train", "MHA block fwd+bwd+Adam, jax.nn.dot_product_attention (jit)",
               peer.timeit(step, target=0.2), dict(first_call_ms=round(first, 1)))
    # ---- lsm.darcy32.train: the torch LSM3 above, functionally.
    def uniform(rng, bound, shape):
        return jnp.asarray(rng.uniform(-bound, bound, shape).astype(np.float32))

    def conv_init(rng, cin, cout, k, bias=True):  # nn.Conv2d's default: U(+-1/sqrt(fan_in))
        bound = 1 / math.sqrt(cin * k * k)
        p = dict(w=uniform(rng, bound, (cout, cin, k, k)))
        if bias:
            p["b"] = uniform(rng, bound, (cout,))
        return p

    def double_conv_init(rng, cin, cout, mid=None):
        mid = mid or cout
        params = dict(conv1=conv_init(rng, cin, mid, 3, False), conv2=conv_init(rng, mid, cout, 3, False),
                      bn1=dict(g=jnp.ones(mid), b=jnp.zeros(mid)), bn2=dict(g=jnp.ones(cout), b=jnp.zeros(cout)))
        stats = dict(bn1=dict(mean=jnp.zeros(mid), var=jnp.ones(mid)),
                     bn2=dict(mean=jnp.zeros(cout), var=jnp.ones(cout)))
        return params, stats

    def block_init(rng, width, num_basis=12, num_token=4, heads=8):
        return dict(weights=jnp.asarray((rng.uniform(0, 1, (width, 2 * num_basis)) / width).astype(np.float32)),
                    latent=jnp.asarray((rng.uniform(0, 1, (heads, num_token, width // heads)) / width)
                                       .astype(np.float32)),
                    encoder=conv_init(rng, width, 2 * width, 1), decoder=conv_init(rng, width, width, 1))

    def lsm_init(rng, width=16):
        params, stats = {}, {}
        for name, args_ in (("inc", (width, width)), ("down1", (width, 2 * width)), ("down2", (2 * width, 2 * width)),
                            ("up1", (4 * width, width, 2 * width)), ("up2", (2 * width, width, width))):
            params[name], stats[name] = double_conv_init(rng, *args_)
        params["outc"] = conv_init(rng, width, width, 1)
        for name, channels in (("process1", width), ("process2", 2 * width), ("process3", 2 * width)):
            params[name] = block_init(rng, channels)
        params["fc0"] = linear_init(rng, 3, width)
        params["fc1"] = linear_init(rng, width, 128)
        params["fc2"] = linear_init(rng, 128, 1)
        return params, stats

    def conv(p, x, padding):  # x [B, C, H, W]
        y = jax.lax.conv_general_dilated(x, p["w"], (1, 1), [(padding, padding)] * 2,
                                         dimension_numbers=("NCHW", "OIHW", "NCHW"))
        return y + p["b"][None, :, None, None] if "b" in p else y

    def batch_norm(p, s, x, momentum=0.1, eps=1e-5):  # training mode: batch statistics, running ones updated
        mean = x.mean((0, 2, 3))
        var = x.var((0, 2, 3))
        count = x.shape[0] * x.shape[2] * x.shape[3]
        new = dict(mean=(1 - momentum) * s["mean"] + momentum * mean,
                   var=(1 - momentum) * s["var"] + momentum * var * count / (count - 1))
        y = (x - mean[None, :, None, None]) * jax.lax.rsqrt(var + eps)[None, :, None, None]
        return y * p["g"][None, :, None, None] + p["b"][None, :, None, None], new

    def double_conv(p, s, x):
        x, s1 = batch_norm(p["bn1"], s["bn1"], conv(p["conv1"], x, 1))
        x, s2 = batch_norm(p["bn2"], s["bn2"], conv(p["conv2"], jax.nn.relu(x), 1))
        return jax.nn.relu(x), dict(bn1=s1, bn2=s2)

    def max_pool(x):
        return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")

    def upsample_matrix(n):  # bilinear x2, align_corners=True: [2n, n]
        position = np.arange(2 * n) * (n - 1) / (2 * n - 1)
        low = np.minimum(np.floor(position).astype(int), n - 1)
        high = np.minimum(low + 1, n - 1)
        frac = position - low
        m = np.zeros((2 * n, n), np.float32)
        m[np.arange(2 * n), low] += 1 - frac
        m[np.arange(2 * n), high] += frac
        return jnp.asarray(m)

    def upsample(x):
        return jnp.einsum("oh,bchw,pw->bcop", upsample_matrix(x.shape[2]), x, upsample_matrix(x.shape[3]))

    def self_attn(q, k, v):
        return jnp.einsum("bhls,bhsc->bhlc", jax.nn.softmax(jnp.einsum("bhlc,bhsc->bhls", q, k), axis=-1), v)

    def spectral_block(p, x, patch=4, heads=8):
        b, c, h, w = x.shape
        modes = jnp.arange(p["weights"].shape[1] // 2, dtype=jnp.float32) / (p["weights"].shape[1] // 2)
        x = x.reshape(b, c, h // patch, patch, w // patch, patch).transpose(0, 2, 4, 1, 3, 5) \
            .reshape(-1, c, patch, patch)
        bp, l, t = x.shape[0], patch * patch, p["latent"].shape[1]
        # latent encoder attention
        latent = jnp.broadcast_to(p["latent"][None], (bp,) + p["latent"].shape)
        kv = conv(p["encoder"], x, 0).reshape(bp, 2 * c, l).transpose(0, 2, 1) \
            .reshape(bp, l, heads, c // heads, 2).transpose(4, 0, 2, 1, 3)
        latent = self_attn(latent, kv[0], kv[1]) + latent
        latent = latent.transpose(0, 1, 3, 2).reshape(bp, c, t)
        # latent transition on the sin/cos basis
        phases = modes[None, None, None, :] * latent[..., None] * math.pi
        basis = jnp.concatenate([jnp.sin(phases), jnp.cos(phases)], axis=-1)
        latent = jnp.einsum("bilm,im->bil", basis, p["weights"]) + latent
        # latent decoder attention
        latent = latent.reshape(bp, heads, c // heads, t).transpose(0, 1, 3, 2)
        q = conv(p["decoder"], x, 0).reshape(bp, c, l).transpose(0, 2, 1) \
            .reshape(bp, l, heads, c // heads).transpose(0, 2, 1, 3)
        x = self_attn(q, latent, latent).transpose(0, 1, 3, 2).reshape(bp, c, patch, patch) + x
        return x.reshape(b, h // patch, w // patch, c, patch, patch).transpose(0, 3, 1, 4, 2, 5).reshape(b, c, h, w)

    def lsm_apply(p, s, x):  # x [B, H, W, 1] -> [B, H, W, 1], new BatchNorm statistics
        b, sx, sy = x.shape[:3]
        gridx = jnp.broadcast_to(jnp.linspace(0, 1, sx, dtype=x.dtype)[None, :, None, None], (b, sx, sy, 1))
        gridy = jnp.broadcast_to(jnp.linspace(0, 1, sy, dtype=x.dtype)[None, None, :, None], (b, sx, sy, 1))
        lin = lambda q, t: t @ q["w"] + q["b"]
        x = lin(p["fc0"], jnp.concatenate([x, gridx, gridy], axis=-1)).transpose(0, 3, 1, 2)
        new = {}
        x1, new["inc"] = double_conv(p["inc"], s["inc"], x)
        x2, new["down1"] = double_conv(p["down1"], s["down1"], max_pool(x1))
        x3, new["down2"] = double_conv(p["down2"], s["down2"], max_pool(x2))
        y, new["up1"] = double_conv(p["up1"], s["up1"], jnp.concatenate(
            [spectral_block(p["process2"], x2), upsample(spectral_block(p["process3"], x3))], axis=1))
        y, new["up2"] = double_conv(p["up2"], s["up2"], jnp.concatenate(
            [spectral_block(p["process1"], x1), upsample(y)], axis=1))
        y = conv(p["outc"], y, 0).transpose(0, 2, 3, 1)
        return lin(p["fc2"], jax.nn.gelu(lin(p["fc1"], y), approximate=False)), new

    if "lsm.darcy32.train" in IDS:
        rng = np.random.default_rng(0)
        params, stats = lsm_init(rng)
        x = jnp.asarray(rng.standard_normal((20, 32, 32, 1)).astype(np.float32))
        y = jnp.asarray(rng.standard_normal((20, 32, 32, 1)).astype(np.float32))
        opt = optax.chain(optax.add_decayed_weights(1e-4), optax.adam(5e-4))

        def lsm_loss(p, s, x, y):
            out, new = lsm_apply(p, s, x)
            loss = (jnp.linalg.norm((out - y).reshape(20, -1), axis=1)
                    / jnp.linalg.norm(y.reshape(20, -1), axis=1)).sum()
            return loss, new

        def lsm_train_step(p, s, o, x, y):
            (loss, s), grads = jax.value_and_grad(lsm_loss, has_aux=True)(p, s, x, y)
            updates, o = opt.update(grads, o, p)
            return optax.apply_updates(p, updates), s, o, loss
        lsm_train_step = jax.jit(lsm_train_step, donate_argnums=(0, 1, 2))
        state = [params, stats, opt.init(params)]

        def lsm_step():
            state[0], state[1], state[2], loss = lsm_train_step(state[0], state[1], state[2], x, y)
            loss.block_until_ready()
        t0 = time.perf_counter(); lsm_step(); first = (time.perf_counter() - t0) * 1e3
        record("lsm.darcy32.train", "LSM_2D (3 levels, width 16) fwd+bwd+Adam, batch 20 (jit)",
               peer.timeit(lsm_step, reps=7, warmup=2, target=0.2),
               dict(first_call_ms=round(first, 1), params=sum(v.size for v in jax.tree_util.tree_leaves(params))))
    meta = dict(framework="jax", version=jax.__version__, threads=args.threads,
                xla_flags=os.environ.get("XLA_FLAGS", ""))

meta.update(python=sys.version.split()[0], machine=platform.machine(), numpy=np.__version__)
if args.out:
    with open(args.out, "w") as f:
        json.dump(dict(meta=meta, results=RESULTS), f, indent=1)
