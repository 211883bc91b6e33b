using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    /// <summary>Where lane l's (corner 0, corner 1) pair sits after interleaving two vectors with unpack low/high (see <see cref="ScatterPairs"/>).</summary>
    private static ReadOnlySpan<int> PairSlot => [0, 2, 8, 10, 4, 6, 12, 14];

    private readonly TriPlaneLevels _levels;
    private readonly Level[] _table;
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
        _table = new Level[_levels.Settings.Levels];
        for (int l = 0; l < _table.Length; l++)
            _table[l] = new Level(_levels.Scales[l], _levels.Offsets[l], _levels.Resolutions[l] + 1, (uint)_levels.Entries[l], _levels.Dense[l]);
    }

    /// <summary>One level's constants: scale s_ℓ, first entry, dense row stride res_ℓ + 1, entries, and whether it is dense.</summary>
    private readonly record struct Level(float Scale, int Offset, int Stride, uint Entries, bool Dense);

    /// <summary>
    /// H of the block: <paramref name="means"/> [3, width] (rows x, y, z) → <paramref name="features"/> [3·L·C, width], rows
    /// ordered plane, level, feature as <see cref="TriPlaneEncoder.Encode"/> writes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                    var chain = Vector256.Create(_table[level].Scale * _du);
                    for (int k = 0; k < c; k++)
                    {
                        var kk = Vector256.Create(k);
                        var g = Vector256.Load(featureGradient + ((p * levels + level) * c + k) * width + b) & inside;
                        Vector256<int> j0 = i0 + kk, j1 = i1 + kk, j2 = i2 + kk, j3 = i3 + kk;
                        Vector256<float> v0 = Simd.Gather(t, j0), v1 = Simd.Gather(t, j1), v2 = Simd.Gather(t, j2), v3 = Simd.Gather(t, j3);
                        gA += g * ((v1 - v0) * oneB + (v3 - v2) * fb) * chain;
                        gB += g * ((v2 - v0) * oneA + (v3 - v1) * fa) * chain;
                        Vector256<float> q0 = oneA * oneB * g, q1 = fa * oneB * g, q2 = oneA * fb * g, q3 = fa * fb * g;
                        if (c == 1 && _table[level].Dense && Avx.IsSupported)
                        {
                            ScatterPairs(gt, j0, _table[level].Stride, q0, q1, q2, q3, lanes, index, weighted);
                            continue;
                        }
                        j0.Store(index); j1.Store(index + 8); j2.Store(index + 16); j3.Store(index + 24);
                        q0.Store(weighted);
                        q1.Store(weighted + 8);
                        q2.Store(weighted + 16);
                        q3.Store(weighted + 24);
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
    /// Adds a dense one-feature level's corner gradients: corners (0,0), (1,0) are adjacent table entries, as are (0,1), (1,1)
    /// one row further, so each lane adds two pairs of floats (64-bit loads and stores) instead of four single floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScatterPairs(float* gt, Vector256<int> first, int stride, Vector256<float> q0, Vector256<float> q1,
        Vector256<float> q2, Vector256<float> q3, int lanes, int* index, float* pairs)
    {
        Avx.UnpackLow(q0, q1).Store(pairs);       // lanes 0, 1, 4, 5 as (q0, q1) pairs
        Avx.UnpackHigh(q0, q1).Store(pairs + 8);  // lanes 2, 3, 6, 7
        Avx.UnpackLow(q2, q3).Store(pairs + 16);
        Avx.UnpackHigh(q2, q3).Store(pairs + 24);
        first.Store(index);
        for (int l = 0; l < lanes; l++)
        {
            int at = PairSlot[l];
            AddPair(gt + index[l], pairs + at);
            AddPair(gt + index[l] + stride, pairs + 16 + at);
        }
    }

    /// <summary>cell[0..2) += add[0..2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(float* cell, float* add) =>
        Sse2.StoreScalar((double*)cell,
            (Sse2.LoadScalarVector128((double*)cell).AsSingle() + Sse2.LoadScalarVector128((double*)add).AsSingle()).AsDouble());

    /// <summary>
    /// The four corners of level <paramref name="level"/>: float offsets (entry·C) of corners (0,0), (1,0), (0,1), (1,1) in the
    /// plane's table, and the fractional positions (align-corners-false half-cell offset, as the reference).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Corners(int level, Vector256<float> ua, Vector256<float> ub,
        out Vector256<int> i0, out Vector256<int> i1, out Vector256<int> i2, out Vector256<int> i3,
        out Vector256<float> fa, out Vector256<float> fb)
    {
        var l = _table[level];
        var s = Vector256.Create(l.Scale);
        var half = Vector256.Create(0.5f);
        var posA = ua * s + half;
        var posB = ub * s + half;
        var floorA = Vector256.Floor(posA);
        var floorB = Vector256.Floor(posB);
        fa = posA - floorA;
        fb = posB - floorB;
        int c = _features;
        if (l.Dense)
        {
            // Entry offset + gx + gy·(res+1), exact in float (below 2^24); it never reaches the reference's "% entries" wrap.
            i0 = Vector256.ConvertToInt32Native(floorA + floorB * Vector256.Create((float)l.Stride) + Vector256.Create((float)l.Offset));
            if (c != 1) i0 *= Vector256.Create(c);
            var right = Vector256.Create(c);
            var down = Vector256.Create(l.Stride * c);
            i1 = i0 + right;
            i2 = i0 + down;
            i3 = i2 + right;
            return;
        }
        var ga = Vector256.ConvertToInt32Native(floorA);
        var gb = Vector256.ConvertToInt32Native(floorB);
        var one = Vector256<int>.One;
        var offset = Vector256.Create(l.Offset);
        var features = Vector256.Create(c);
        i0 = (offset + Hash(l, ga, gb)) * features;
        i1 = (offset + Hash(l, ga + one, gb)) * features;
        i2 = (offset + Hash(l, ga, gb + one)) * features;
        i3 = (offset + Hash(l, ga + one, gb + one)) * features;
    }

    /// <summary>(gx·1 XOR gy·2654435761) mod entries, in uint arithmetic as <see cref="TriPlaneEncoder.CornerIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Hash(in Level level, Vector256<int> gx, Vector256<int> gy)
    {
        var h = gx.AsUInt32() ^ (gy.AsUInt32() * Vector256.Create(TriPlaneEncoder.HashPrime));
        uint entries = level.Entries;
        if (BitOperations.IsPow2(entries)) return (h & Vector256.Create(entries - 1)).AsInt32();
        return Vector256.Create((int)(h[0] % entries), (int)(h[1] % entries), (int)(h[2] % entries), (int)(h[3] % entries),
            (int)(h[4] % entries), (int)(h[5] % entries), (int)(h[6] % entries), (int)(h[7] % entries));
    }
}
