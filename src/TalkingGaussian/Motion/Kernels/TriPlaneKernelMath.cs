using System.Runtime.CompilerServices;
using ILGPU;

namespace TalkingGaussian.Motion.Kernels;

/// <summary>
/// Kernel-side tri-plane encoder H (paper §3.2), the same arithmetic as <see cref="TriPlaneEncoder"/> on views and a
/// per-thread scratch array: features go to scratch[outOffset ..], feature gradients are read from scratch[gradOffset ..].
/// </summary>
internal static class TriPlaneKernelMath
{
    /// <summary>Most levels a kernel takes (the level table is copied into per-thread arrays of this size).</summary>
    public const int MaxLevels = 32;

    /// <summary>Copies the level table into per-thread arrays (<see cref="MaxLevels"/> scales, 4·MaxLevels ints) once per thread.</summary>
    public static void LoadLevels(TriPlaneView g, float[] scales, int[] levels)
    {
        for (int l = 0; l < g.LevelCount; l++)
        {
            scales[l] = g.Scales[l];
            for (int k = 0; k < 4; k++) levels[4 * l + k] = g.Levels[4 * l + k];
        }
    }

    /// <summary>Writes the 3·L·C features of (x, y, z) into <paramref name="s"/>[<paramref name="outOffset"/> ..].</summary>
    public static void Encode(ArrayView<float> p, TriPlaneView g, float[] scales, int[] levels, float x, float y, float z, float[] s, int outOffset)
    {
        int perPlane = g.LevelCount * g.Features;
        EncodePlane(p, g, scales, levels, 0, x, y, s, outOffset);                 // xy
        EncodePlane(p, g, scales, levels, 1, y, z, s, outOffset + perPlane);      // yz
        EncodePlane(p, g, scales, levels, 2, x, z, s, outOffset + 2 * perPlane);  // xz
    }

    /// <summary>
    /// Backward: atomically adds w·∂L/∂feature into <paramref name="gp"/> and adds ∂L/∂(x, y, z) into
    /// <paramref name="s"/>[<paramref name="positionOffset"/> .. +3].
    /// </summary>
    public static void Backward(ArrayView<float> p, ArrayView<float> gp, TriPlaneView g, float[] scales, int[] levels, float x, float y, float z,
        float[] s, int gradOffset, int positionOffset)
    {
        int perPlane = g.LevelCount * g.Features;
        BackwardPlane(p, gp, g, scales, levels, 0, x, y, s, gradOffset, positionOffset, positionOffset + 1);
        BackwardPlane(p, gp, g, scales, levels, 1, y, z, s, gradOffset + perPlane, positionOffset + 1, positionOffset + 2);
        BackwardPlane(p, gp, g, scales, levels, 2, x, z, s, gradOffset + 2 * perPlane, positionOffset, positionOffset + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CornerIndex(int stride, int entries, int dense, int ga, int gb)
    {
        // A dense level's index is < (res+1)² ≤ entries already (g + 1 ≤ res), so the modulo is only needed when hashing.
        if (dense != 0) return ga + gb * stride;
        return (int)(((uint)ga ^ ((uint)gb * TriPlaneEncoder.HashPrime)) % (uint)entries);
    }

    private static void EncodePlane(ArrayView<float> p, TriPlaneView g, float[] scales, int[] levels, int plane, float pa, float pb, float[] s, int outOffset)
    {
        int c = g.Features;
        for (int k = 0; k < g.LevelCount * c; k++) s[outOffset + k] = 0f;
        float inv = 1f / (2f * g.Bound);
        float ua = (pa + g.Bound) * inv, ub = (pb + g.Bound) * inv;
        if (ua < 0f || ua > 1f || ub < 0f || ub > 1f) return; // outside the square: zero features
        int planeBase = g.GridOffset + plane * g.PlaneParameters;
        for (int level = 0; level < g.LevelCount; level++)
        {
            float scale = scales[level];
            int first = levels[4 * level], stride = levels[4 * level + 1], entries = levels[4 * level + 2], dense = levels[4 * level + 3];
            float posA = ua * scale + 0.5f, posB = ub * scale + 0.5f; // align_corners = false
            float fla = Floor(posA), flb = Floor(posB);
            int ga = (int)fla, gb = (int)flb;
            float fa = posA - fla, fb = posB - flb;
            for (int corner = 0; corner < 4; corner++)
            {
                int da = corner & 1, db = corner >> 1;
                float w = (da == 1 ? fa : 1f - fa) * (db == 1 ? fb : 1f - fb);
                int entry = first + CornerIndex(stride, entries, dense, ga + da, gb + db);
                int src = planeBase + entry * c;
                for (int k = 0; k < c; k++) s[outOffset + level * c + k] += w * p[src + k];
            }
        }
    }

    private static void BackwardPlane(ArrayView<float> p, ArrayView<float> gp, TriPlaneView g, float[] scales, int[] levels, int plane, float pa, float pb,
        float[] s, int gradOffset, int outA, int outB)
    {
        float inv = 1f / (2f * g.Bound); // ∂u/∂p
        float ua = (pa + g.Bound) * inv, ub = (pb + g.Bound) * inv;
        if (ua < 0f || ua > 1f || ub < 0f || ub > 1f) return; // zero gradient outside the square
        int c = g.Features;
        int planeBase = g.GridOffset + plane * g.PlaneParameters;
        float gPa = 0f, gPb = 0f;
        for (int level = 0; level < g.LevelCount; level++)
        {
            float scale = scales[level];
            int first = levels[4 * level], stride = levels[4 * level + 1], entries = levels[4 * level + 2], dense = levels[4 * level + 3];
            float posA = ua * scale + 0.5f, posB = ub * scale + 0.5f;
            float fla = Floor(posA), flb = Floor(posB);
            int ga = (int)fla, gb = (int)flb;
            float fa = posA - fla, fb = posB - flb;
            for (int corner = 0; corner < 4; corner++)
            {
                int da = corner & 1, db = corner >> 1;
                float wa = da == 1 ? fa : 1f - fa, wb = db == 1 ? fb : 1f - fb;
                int entry = first + CornerIndex(stride, entries, dense, ga + da, gb + db);
                int dst = planeBase + entry * c;
                for (int k = 0; k < c; k++)
                {
                    float gk = s[gradOffset + level * c + k];
                    if (gk == 0f) continue;
                    Atomic.Add(ref gp[dst + k], wa * wb * gk);
                    float v = p[dst + k];
                    gPa += gk * v * (da == 1 ? wb : -wb) * scale;
                    gPb += gk * v * (db == 1 ? wa : -wa) * scale;
                }
            }
        }
        s[outA] += gPa * inv;
        s[outB] += gPb * inv;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Floor(float v) => MathF.Floor(v);
}
