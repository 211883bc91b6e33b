using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Motion.Cpu;

/// <summary>
/// The tri-plane encoder H(μ) (paper §3.2, Eq. 3) over a block of Gaussians, 8 at a time: the same bilinear lookups as
/// <see cref="TriPlaneEncoder"/>, with each plane and level's corner indices computed in integer vectors and the table
/// read by gathers. The forward pass performs the reference's float operations in the reference's order (bit-identical
/// features); the backward pass scatters w·∂L/∂feature into a per-thread table gradient and forms ∂L/∂μ from the same corners.
/// </summary>
internal sealed unsafe class TriPlaneBlock
{
    private readonly TriPlaneLevels _levels;
    private readonly int _features;
    private readonly float _bound, _twoBound, _du;

    /// <summary>The block encoder for <paramref name="encoder"/>'s level table.</summary>
    public TriPlaneBlock(TriPlaneEncoder encoder)
    {
        _levels = encoder.Levels;
        _features = encoder.Settings.FeaturesPerLevel;
        _bound = encoder.Settings.Bound;
        _twoBound = 2f * _bound;
        _du = 1f / (2f * _bound);
    }

    /// <summary>
    /// H of the block: <paramref name="means"/> [3, width] (rows x, y, z) → <paramref name="features"/> [3·L·C, width], rows
    /// ordered plane, level, feature as <see cref="TriPlaneEncoder.Encode"/> writes them.
    /// </summary>
    public void Forward(float* table, float* means, float* features, int width)
    {
        int levels = _levels.Settings.Levels, c = _features, plane = _levels.ParametersPerPlane;
        for (int p = 0; p < 3; p++)
        {
            var (axisA, axisB) = TriPlaneEncoder.PlaneAxes(p);
            float* t = table + p * plane;
            for (int b = 0; b < width; b += Simd.Lanes)
            {
                var inside = PlaneCoordinates(means + axisA * width + b, means + axisB * width + b, out var ua, out var ub);
                for (int level = 0; level < levels; level++)
                {
                    Corners(level, ua, ub, out var i0, out var i1, out var i2, out var i3, out var fa, out var fb);
                    var oneA = Vector256<float>.One - fa;
                    var oneB = Vector256<float>.One - fb;
                    Vector256<float> w0 = oneA * oneB, w1 = fa * oneB, w2 = oneA * fb, w3 = fa * fb;
                    for (int k = 0; k < c; k++)
                    {
                        var kk = Vector256.Create(k);
                        var v = w0 * Simd.Gather(t, i0 + kk) + w1 * Simd.Gather(t, i1 + kk);
                        v = v + w2 * Simd.Gather(t, i2 + kk);
                        v = v + w3 * Simd.Gather(t, i3 + kk);
                        (v & inside).Store(features + ((p * levels + level) * c + k) * width + b);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="Forward"/>: adds w·∂L/∂feature into <paramref name="tableGradient"/> for the first
    /// <paramref name="count"/> Gaussians of the block, and ∂L/∂μ into <paramref name="meanGradient"/> [3, width].
    /// </summary>
    public void Backward(float* table, float* means, float* featureGradient, float* tableGradient, float* meanGradient, int count, int width)
    {
        int levels = _levels.Settings.Levels, c = _features, plane = _levels.ParametersPerPlane;
        int* index = stackalloc int[4 * Simd.Lanes];
        float* weighted = stackalloc float[4 * Simd.Lanes];
        for (int p = 0; p < 3; p++)
        {
            var (axisA, axisB) = TriPlaneEncoder.PlaneAxes(p);
            float* t = table + p * plane, gt = tableGradient + p * plane;
            for (int b = 0; b < width && b < count; b += Simd.Lanes)
            {
                int lanes = Math.Min(Simd.Lanes, count - b);
                var inside = PlaneCoordinates(means + axisA * width + b, means + axisB * width + b, out var ua, out var ub);
                Vector256<float> gA = default, gB = default;
                for (int level = 0; level < levels; level++)
                {
                    Corners(level, ua, ub, out var i0, out var i1, out var i2, out var i3, out var fa, out var fb);
                    var oneA = Vector256<float>.One - fa;
                    var oneB = Vector256<float>.One - fb;
                    // ∂w/∂pos = ±(the other axis' weight), ∂pos/∂u = s_ℓ, ∂u/∂p = 1/(2·bound)
                    var chain = Vector256.Create(_levels.Scales[level] * _du);
                    for (int k = 0; k < c; k++)
                    {
                        var kk = Vector256.Create(k);
                        var g = Vector256.Load(featureGradient + ((p * levels + level) * c + k) * width + b) & inside;
                        Vector256<int> j0 = i0 + kk, j1 = i1 + kk, j2 = i2 + kk, j3 = i3 + kk;
                        Vector256<float> v0 = Simd.Gather(t, j0), v1 = Simd.Gather(t, j1), v2 = Simd.Gather(t, j2), v3 = Simd.Gather(t, j3);
                        gA += g * ((v1 - v0) * oneB + (v3 - v2) * fb) * chain;
                        gB += g * ((v2 - v0) * oneA + (v3 - v1) * fa) * chain;
                        j0.Store(index); j1.Store(index + 8); j2.Store(index + 16); j3.Store(index + 24);
                        (oneA * oneB * g).Store(weighted);
                        (fa * oneB * g).Store(weighted + 8);
                        (oneA * fb * g).Store(weighted + 16);
                        (fa * fb * g).Store(weighted + 24);
                        for (int corner = 0; corner < 4 * Simd.Lanes; corner += Simd.Lanes)
                            for (int l = 0; l < lanes; l++) gt[index[corner + l]] += weighted[corner + l];
                    }
                }
                (Vector256.Load(meanGradient + axisA * width + b) + gA).Store(meanGradient + axisA * width + b);
                (Vector256.Load(meanGradient + axisB * width + b) + gB).Store(meanGradient + axisB * width + b);
            }
        }
    }

    /// <summary>
    /// u = (p + bound)/(2·bound) on both axes of a plane; returns the lanes whose (u_a, u_b) lies in the unit square (NaN lanes
    /// count as outside) and sets the others' coordinates to 0 so their table indices stay in range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<float> PlaneCoordinates(float* pa, float* pb, out Vector256<float> ua, out Vector256<float> ub)
    {
        var bound = Vector256.Create(_bound);
        var twoBound = Vector256.Create(_twoBound);
        ua = (Vector256.Load(pa) + bound) / twoBound;
        ub = (Vector256.Load(pb) + bound) / twoBound;
        var inside = Vector256.GreaterThanOrEqual(ua, Vector256<float>.Zero) & Vector256.LessThanOrEqual(ua, Vector256<float>.One)
                     & Vector256.GreaterThanOrEqual(ub, Vector256<float>.Zero) & Vector256.LessThanOrEqual(ub, Vector256<float>.One);
        ua &= inside;
        ub &= inside;
        return inside;
    }

    /// <summary>
    /// The four corners of level <paramref name="level"/>: float offsets (entry·C) of corners (0,0), (1,0), (0,1), (1,1) in the
    /// plane's table, and the fractional positions (align-corners-false half-cell offset, as the reference).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Corners(int level, Vector256<float> ua, Vector256<float> ub,
        out Vector256<int> i0, out Vector256<int> i1, out Vector256<int> i2, out Vector256<int> i3,
        out Vector256<float> fa, out Vector256<float> fb)
    {
        var s = Vector256.Create(_levels.Scales[level]);
        var half = Vector256.Create(0.5f);
        var posA = ua * s + half;
        var posB = ub * s + half;
        var floorA = Vector256.Floor(posA);
        var floorB = Vector256.Floor(posB);
        fa = posA - floorA;
        fb = posB - floorB;
        var ga = Vector256.ConvertToInt32(floorA);
        var gb = Vector256.ConvertToInt32(floorB);
        var offset = Vector256.Create(_levels.Offsets[level]);
        var c = Vector256.Create(_features);
        if (_levels.Dense[level])
        {
            // gx + gy·(res+1) < entries for every corner of the unit square: the reference's "% entries" never wraps here.
            var stride = Vector256.Create(_levels.Resolutions[level] + 1);
            var base0 = offset + ga + gb * stride;
            i0 = base0 * c;
            i1 = (base0 + Vector256<int>.One) * c;
            i2 = (base0 + stride) * c;
            i3 = (base0 + stride + Vector256<int>.One) * c;
            return;
        }
        var one = Vector256<int>.One;
        i0 = (offset + Hash(level, ga, gb)) * c;
        i1 = (offset + Hash(level, ga + one, gb)) * c;
        i2 = (offset + Hash(level, ga, gb + one)) * c;
        i3 = (offset + Hash(level, ga + one, gb + one)) * c;
    }

    /// <summary>(gx·1 XOR gy·2654435761) mod entries, in uint arithmetic as <see cref="TriPlaneEncoder.CornerIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<int> Hash(int level, Vector256<int> gx, Vector256<int> gy)
    {
        var h = gx.AsUInt32() ^ (gy.AsUInt32() * Vector256.Create(TriPlaneEncoder.HashPrime));
        uint entries = (uint)_levels.Entries[level];
        if (BitOperations.IsPow2(entries)) return (h & Vector256.Create(entries - 1)).AsInt32();
        return Vector256.Create((int)(h[0] % entries), (int)(h[1] % entries), (int)(h[2] % entries), (int)(h[3] % entries),
            (int)(h[4] % entries), (int)(h[5] % entries), (int)(h[6] % entries), (int)(h[7] % entries));
    }
}
