"""
Semantic mutations that Stryker does not generate (a transposed matrix, a swapped axis, a dropped chain-rule term, a wrong
sign) in the backward passes of the rasterizer (kernel helpers and the reference) and of the motion fields (reference
and kernels). Each is applied alone to a scratch copy of the repository, the tests that guard it run, and they must fail.

    python3 tests/mutation/semantic.py [--keep] [NAME ...]     (all mutations by default; README, Testing)

Prints one line per mutation (caught / SURVIVED, the first failing test, seconds) and exits 1 if any survives.
"""
import os
import re
import shutil
import subprocess
import sys
import time

# The tests that guard each file, kept to the fast ones (the scratch build dominates the time per mutation).
RENDER = ("FullyQualifiedName~Rendering.KernelMathTests|FullyQualifiedName~Rendering.ReferenceGradientTests"
          "|FullyQualifiedName~Rendering.RasterGradientCheckTests|FullyQualifiedName~Rendering.IlgpuRasterizerTests")
MOTION = ("FullyQualifiedName~Motion.TriPlaneEncoderTests|FullyQualifiedName~Motion.MlpTests|FullyQualifiedName~Motion.RegionAttentionTests"
          "|FullyQualifiedName~Motion.DeformationTests|FullyQualifiedName~Motion.FaceMotionFieldTests|FullyQualifiedName~Motion.MouthMotionFieldTests"
          "|FullyQualifiedName~Motion.MotionKernelTests|FullyQualifiedName~Motion.MotionEndToEndTests")

# ∂L/∂M = 2 ∂L/∂Σ M in Projection.Backward, and the same with Mᵀ in place of M (every m_ij read as m_ji).
DM_LINES = """        float dm00 = 2f * (d00 * m00 + d01 * m10 + d02 * m20), dm01 = 2f * (d00 * m01 + d01 * m11 + d02 * m21), dm02 = 2f * (d00 * m02 + d01 * m12 + d02 * m22);
        float dm10 = 2f * (d01 * m00 + d11 * m10 + d12 * m20), dm11 = 2f * (d01 * m01 + d11 * m11 + d12 * m21), dm12 = 2f * (d01 * m02 + d11 * m12 + d12 * m22);
        float dm20 = 2f * (d02 * m00 + d12 * m10 + d22 * m20), dm21 = 2f * (d02 * m01 + d12 * m11 + d22 * m21), dm22 = 2f * (d02 * m02 + d12 * m12 + d22 * m22);"""


def transposed_m(text):
    return re.sub(r"\bm(\d)(\d)\b", lambda m: f"m{m.group(2)}{m.group(1)}", text)


# name, file under src/TalkingGaussian, exact original text, replacement, tests that must fail
MUTATIONS = [
    ("projection-W-for-Wt", "Rendering/Projection.cs",
     "dmx = v.R00 * dtx + v.R10 * dty + v.R20 * dtz;\n        dmy = v.R01 * dtx + v.R11 * dty + v.R21 * dtz;\n        dmz = v.R02 * dtx + v.R12 * dty + v.R22 * dtz;",
     "dmx = v.R00 * dtx + v.R01 * dty + v.R02 * dtz;\n        dmy = v.R10 * dtx + v.R11 * dty + v.R12 * dtz;\n        dmz = v.R20 * dtx + v.R21 * dty + v.R22 * dtz;",
     RENDER),
    ("projection-drop-J02-z-term", "Rendering/Projection.cs",
     "float dtz = -p.Fx * iz2 * dj00 + 2f * p.Fx * ctx * iz3 * dj02 - p.Fy * iz2 * dj11",
     "float dtz = -p.Fx * iz2 * dj00 - p.Fy * iz2 * dj11", RENDER),
    ("projection-swapped-axis-dJ02", "Rendering/Projection.cs",
     "float dj02 = dt00 * v.R20 + dt01 * v.R21 + dt02 * v.R22;",
     "float dj02 = dt00 * v.R10 + dt01 * v.R11 + dt02 * v.R12;", RENDER),
    ("projection-transposed-dM", "Rendering/Projection.cs", DM_LINES, transposed_m(DM_LINES), RENDER),
    ("compositing-drop-background-term", "Rendering/Compositing.cs",
     "                       - st.TFinal / oneMinus * st.BgDot;", "                       ;", RENDER),
    ("compositing-wrong-sign-conicB", "Rendering/Compositing.cs",
     "grad.X += dPower * (-s.ConicA * dx - s.ConicB * dy);", "grad.X += dPower * (-s.ConicA * dx + s.ConicB * dy);", RENDER),
    ("reference-W-for-Wt", "Rendering/ReferenceProjection.cs",
     "dMean = w.Transpose().Apply(gx, gy, gz);", "dMean = w.Apply(gx, gy, gz);", RENDER),
    ("reference-GJ-transposed", "Rendering/ReferenceProjection.cs",
     "var gJ = gT * w.Transpose();", "var gJ = gT * w;", RENDER),
    ("reference-drop-pixel-mean-z-term", "Rendering/ReferenceProjection.cs",
     "gz += -cam.Fx * tx / z2 * g.U - cam.Fy * ty / z2 * g.V + g.Depth;", "gz += g.Depth;", RENDER),
    ("reference-drop-sh-direction", "Rendering/ReferenceRasterizer.cs",
     "dx += sg.R * cr.Dx + sg.G * cg.Dx + sg.Bl * cb.Dx;", "", RENDER),
    ("reference-drop-background-term", "Rendering/ReferencePixels.cs",
     "gr * (s.R * st.T - (behindR + tFinal * bgR) / keep)", "gr * (s.R * st.T - behindR / keep)", RENDER),
    ("reference-rotation-derivative-sign", "Rendering/ReferenceProjection.cs",
     "0 => new Mat3(0, -z, y, z, 0, -x, -y, x, 0),", "0 => new Mat3(0, z, -y, -z, 0, x, y, -x, 0),", RENDER),
    ("triplane-swapped-axis-weight", "Motion/TriPlaneEncoder.cs",
     "gPa += gk * v * (da == 1 ? 1f : -1f) * wb * s * du;", "gPa += gk * v * (da == 1 ? 1f : -1f) * wa * s * du;", MOTION),
    ("triplane-drop-du", "Motion/TriPlaneEncoder.cs",
     "gPb += gk * v * (db == 1 ? 1f : -1f) * wa * s * du;", "gPb += gk * v * (db == 1 ? 1f : -1f) * wa * s;", MOTION),
    ("triplane-kernel-swapped-axis", "Motion/Kernels/TriPlaneKernelMath.cs",
     "gPa += gk * v * (da == 1 ? wb : -wb) * scale;", "gPa += gk * v * (da == 1 ? wa : -wa) * scale;", MOTION),
    ("mlp-W-for-Wt", "Motion/Mlp.cs",
     "gx[i] += weights[wOffset + o * nIn + i] * d;", "gx[i] += weights[wOffset + i * nOut + o] * d;", MOTION),
    ("mlp-kernel-untransposed", "Motion/Kernels/MlpKernelMath.cs",
     "for (int o = 0; o < nOut; o++) weights[o] = pT[row + o];", "for (int o = 0; o < nOut; o++) weights[o] = pT[w + o * nIn + i];", MOTION),
    ("region-attention-drop-norm-term", "Motion/RegionAttention.cs",
     "attentionGradient[k] = regionalGradient[k] * condition[k] + scale * attention[k];",
     "attentionGradient[k] = regionalGradient[k] * condition[k];", MOTION),
    ("deformation-drop-normalisation", "Motion/Deformation.cs",
     "Activations.NormalizeQuaternionBackward(q, gradients.Rotations.AsSpan(4 * i, 4), g.RotationsRaw.AsSpan(4 * i, 4));",
     "gradients.Rotations.AsSpan(4 * i, 4).CopyTo(g.RotationsRaw.AsSpan(4 * i, 4));", MOTION),
    ("deformation-drop-scale-activation", "Motion/Deformation.cs",
     "g.ScalesRaw[3 * i + k] = gradients.Scales[3 * i + k] * Activations.ScaleDerivative(field.ScaleActivation, raw);",
     "g.ScalesRaw[3 * i + k] = gradients.Scales[3 * i + k];", MOTION),
]


def run(cmd, cwd, log):
    with open(log, "w") as f:
        return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT).returncode


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    scratch = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tg-semantic-mutations")
    shutil.rmtree(scratch, ignore_errors=True)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root, capture_output=True, text=True).stdout.split()
    for rel in files:
        src = os.path.join(root, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(scratch, rel)), exist_ok=True)
            shutil.copy2(src, os.path.join(scratch, rel))
    tests = os.path.join(scratch, "tests", "TalkingGaussian.Tests")
    print("building the scratch copy once ...", flush=True)
    if run(["dotnet", "build", "-c", "Release"], tests, os.path.join(scratch, "build.log")) != 0:
        sys.exit("the unmutated scratch copy does not build; see " + os.path.join(scratch, "build.log"))
    survived = 0
    for name, rel, original, replacement, test_filter in MUTATIONS:
        if args and name not in args:
            continue
        path = os.path.join(scratch, "src", "TalkingGaussian", rel)
        text = open(path, encoding="utf-8").read()
        if text.count(original) != 1:
            print(f"{name}: the original text is not found once in {rel}; update semantic.py", flush=True)
            survived += 1
            continue
        start = time.time()
        open(path, "w", encoding="utf-8").write(text.replace(original, replacement))
        log = os.path.join(scratch, f"{name}.log")
        try:
            built = run(["dotnet", "build", "-c", "Release"], tests, log) == 0
            code = run(["dotnet", "test", "-c", "Release", "--no-build", "--filter", test_filter], tests, log) if built else 1
        finally:
            open(path, "w", encoding="utf-8").write(text)
        failed = re.findall(r"^\s*Failed (\S+)", open(log, encoding="utf-8").read(), re.M)
        if code != 0 and failed:
            print(f"{name}: caught by {len(failed)} test(s), e.g. {failed[0]} ({time.time() - start:.0f} s)", flush=True)
        elif not built:
            print(f"{name}: does not compile (fix the mutation); see {log}", flush=True)
            survived += 1
        else:
            print(f"{name}: SURVIVED ({test_filter}) ({time.time() - start:.0f} s)", flush=True)
            survived += 1
    if "--keep" not in sys.argv:
        shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
