using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Rendering.Cpu;

/// <summary>What the backward compositing reads: the forward state [H, W] and the upstream gradients (colour [3, H, W]).</summary>
internal unsafe struct CompositeGradients
{
    public float* FinalT, DColor, DAlpha, DDepth;
    public int* LastContributor;
}

/// <summary>
/// Backward of <see cref="TileCompositing.Forward"/> for one tile, the vector form of <see cref="Compositing.BackwardStep"/>:
/// each row's 16 pixels walk the list back to front from the furthest last contributor, recovering T by division from
/// T_final, and every splat's ∂L/∂splat is summed over the row's pixels into that (tile, splat) pair's gradient, so no
/// two threads write the same memory.
/// </summary>
internal static unsafe class TileCompositingBackward
{
    /// <summary>Adds ∂L/∂splat of tile <paramref name="tile"/>'s pixels into <paramref name="grads"/>[j] for each of its <paramref name="count"/> splats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(in BlendParams bp, int tile, Splat* list, int count, in CompositeGradients g, SplatGrad* grads)
    {
        const int tileSize = RasterSettings.TileSize;
        int x0 = tile % bp.TilesX * tileSize, y0 = tile / bp.TilesX * tileSize;
        int x1 = Math.Min(bp.Width, x0 + tileSize), y1 = Math.Min(bp.Height, y0 + tileSize);
        var px0 = Vector256.Create((float)x0) + TileCompositing.LaneOffsets;
        var px1 = px0 + Vector256.Create((float)Simd.Lanes);
        for (int y = y0; y < y1; y++)
        {
            var a = PixelRow.Load(x0, y, x1, bp, g);
            var b = PixelRow.Load(x0 + Simd.Lanes, y, x1, bp, g);
            int furthest = Math.Min(count, Max(Vector256.Max(a.Last, b.Last)));
            float py = y;
            for (int j = furthest - 1; j >= 0; j--)
            {
                Splat* s = list + j;
                float dy = s->Y - py;
                var cdy = Vector256.Create(s->ConicC * dy * dy);
                var x = Vector256.Create(s->X);
                var ca = Vector256.Create(s->ConicA);
                var cb = Vector256.Create(s->ConicB);
                var vdy = Vector256.Create(dy);
                var half = Vector256.Create(-0.5f);
                var dx0 = x - px0;
                var dx1 = x - px1;
                var p0 = half * (ca * dx0 * dx0 + cdy) - cb * dx0 * vdy;
                var p1 = half * (ca * dx1 * dx1 + cdy) - cb * dx1 * vdy;
                var floor = Vector256.Create(s->PowerFloor);
                var step = Vector256.Create(j + 1);
                var in0 = Vector256.LessThanOrEqual(p0, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(p0, floor)
                          & Vector256.LessThanOrEqual(step, a.Last).AsSingle();
                var in1 = Vector256.LessThanOrEqual(p1, Vector256<float>.Zero) & Vector256.GreaterThanOrEqual(p1, floor)
                          & Vector256.LessThanOrEqual(step, b.Last).AsSingle();
                if ((in0 | in1).ExtractMostSignificantBits() == 0) continue;
                var sum = default(SplatGradVectors);
                bool any = a.Step(in0, p0, dx0, vdy, s, bp, ref sum) | b.Step(in1, p1, dx1, vdy, s, bp, ref sum);
                if (any) sum.AddTo(grads + j);
            }
        }
    }

    /// <summary>
    /// True when every upstream gradient (colour, alpha, depth) of tile <paramref name="tile"/>'s pixels is zero: then every
    /// term of <see cref="Backward"/> is a product with zero, so the tile's pair gradients are zero and the tile can be
    /// skipped. (A region the loss does not read, such as most of the face stage's attention render.) NaN is not zero, so
    /// a broken gradient still propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool UpstreamIsZero(in BlendParams bp, int tile, in CompositeGradients g)
    {
        const int tileSize = RasterSettings.TileSize;
        int x0 = tile % bp.TilesX * tileSize, y0 = tile / bp.TilesX * tileSize;
        int x1 = Math.Min(bp.Width, x0 + tileSize), y1 = Math.Min(bp.Height, y0 + tileSize);
        int plane = bp.Width * bp.Height;
        for (int y = y0; y < y1; y++)
        {
            int p = y * bp.Width;
            for (int x = x0; x < x1; x++)
                if (g.DColor[p + x] != 0f || g.DColor[plane + p + x] != 0f || g.DColor[2 * plane + p + x] != 0f
                    || g.DAlpha[p + x] != 0f || g.DDepth[p + x] != 0f) return false;
        }
        return true;
    }

    private static int Max(Vector256<int> v)
    {
        int m = v[0];
        for (int l = 1; l < Simd.Lanes; l++) m = Math.Max(m, v[l]);
        return m;
    }

    /// <summary>Per-lane ∂L/∂splat of one splat over the pixels of a row, summed across lanes at the end.</summary>
    private struct SplatGradVectors
    {
        public Vector256<float> X, Y, ConicA, ConicB, ConicC, Opacity, R, G, B, Depth;

        /// <summary>Adds the lane sums to <paramref name="g"/>: the first eight fields as one transposing reduction (six horizontal adds).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void AddTo(SplatGrad* g)
        {
            if (Avx.IsSupported)
            {
                var xy = Avx.HorizontalAdd(Avx.HorizontalAdd(X, Y), Avx.HorizontalAdd(ConicA, ConicB));
                var rest = Avx.HorizontalAdd(Avx.HorizontalAdd(ConicC, Opacity), Avx.HorizontalAdd(R, G));
                var sums = Avx.Permute2x128(xy, rest, 0x20) + Avx.Permute2x128(xy, rest, 0x31); // X, Y, A, B, C, opacity, R, G
                float* f = (float*)g;
                (Vector256.Load(f) + sums).Store(f);
                g->B += Vector256.Sum(B);
                g->Depth += Vector256.Sum(Depth);
                return;
            }
            g->X += Vector256.Sum(X);
            g->Y += Vector256.Sum(Y);
            g->ConicA += Vector256.Sum(ConicA);
            g->ConicB += Vector256.Sum(ConicB);
            g->ConicC += Vector256.Sum(ConicC);
            g->Opacity += Vector256.Sum(Opacity);
            g->R += Vector256.Sum(R);
            g->G += Vector256.Sum(G);
            g->B += Vector256.Sum(B);
            g->Depth += Vector256.Sum(Depth);
        }
    }

    /// <summary>Back-to-front state of 8 pixels of a row (the vector form of <see cref="PixelBackwardState"/>).</summary>
    private struct PixelRow
    {
        public Vector256<float> T, TFinal, GR, GG, GB, GDepth, GAlpha, BgDot, AccR, AccG, AccB, AccDepth, AccAlpha;
        public Vector256<int> Last;

        /// <summary>The state of pixels x…x+7 of row y; lanes outside the image get no contributor.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static PixelRow Load(int x, int y, int xEnd, in BlendParams bp, in CompositeGradients g)
        {
            var row = default(PixelRow);
            int lanes = Math.Min(Simd.Lanes, xEnd - x);
            if (lanes <= 0) return row;
            int plane = bp.Width * bp.Height, p = y * bp.Width + x;
            if (lanes == Simd.Lanes)
            {
                row.TFinal = Vector256.Load(g.FinalT + p);
                row.Last = Vector256.Load(g.LastContributor + p);
                row.GR = Vector256.Load(g.DColor + p);
                row.GG = Vector256.Load(g.DColor + plane + p);
                row.GB = Vector256.Load(g.DColor + 2 * plane + p);
                row.GDepth = Vector256.Load(g.DDepth + p);
                row.GAlpha = Vector256.Load(g.DAlpha + p);
            }
            else
            {
                float* t = stackalloc float[7 * Simd.Lanes];
                int* last = stackalloc int[Simd.Lanes];
                new Span<float>(t, 7 * Simd.Lanes).Clear();
                new Span<int>(last, Simd.Lanes).Clear();
                for (int l = 0; l < lanes; l++)
                {
                    t[l] = g.FinalT[p + l];
                    last[l] = g.LastContributor[p + l];
                    t[8 + l] = g.DColor[p + l];
                    t[16 + l] = g.DColor[plane + p + l];
                    t[24 + l] = g.DColor[2 * plane + p + l];
                    t[32 + l] = g.DDepth[p + l];
                    t[40 + l] = g.DAlpha[p + l];
                }
                row.TFinal = Vector256.Load(t);
                row.Last = Vector256.Load(last);
                row.GR = Vector256.Load(t + 8);
                row.GG = Vector256.Load(t + 16);
                row.GB = Vector256.Load(t + 24);
                row.GDepth = Vector256.Load(t + 32);
                row.GAlpha = Vector256.Load(t + 40);
            }
            row.T = row.TFinal;
            row.BgDot = Vector256.Create(bp.BgR) * row.GR + Vector256.Create(bp.BgG) * row.GG + Vector256.Create(bp.BgB) * row.GB;
            return row;
        }

        /// <summary>
        /// One splat, back to front, for the lanes in range (<see cref="Compositing.BackwardStep"/>): with Tᵢ the transmittance in
        /// front of it and acc the composite behind it, ∂O/∂α̃ = Tᵢ(v − acc) − T_final·bg/(1 − α̃); then through α̃ = α·e^power.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Step(Vector256<float> inRange, Vector256<float> power, Vector256<float> dx, Vector256<float> dy, Splat* s,
            in BlendParams bp, ref SplatGradVectors sum)
        {
            if (inRange.ExtractMostSignificantBits() == 0) return false;
            var gauss = Vector256.Exp(power);
            var opacity = Vector256.Create(s->Opacity);
            var alpha = Vector256.Min(Vector256.Create(bp.AlphaCap), opacity * gauss);
            var c = inRange & Vector256.GreaterThanOrEqual(alpha, Vector256.Create(bp.MinAlpha));
            if (c.ExtractMostSignificantBits() == 0) return false;
            gauss &= c; // lanes out of range may hold e^power = ∞, and ∞·0 would poison the sums
            var one = Vector256<float>.One;
            var oneMinus = one - alpha;
            T = Vector256.ConditionalSelect(c, T / oneMinus, T);
            var w = (alpha * T) & c;
            sum.R += w * GR;
            sum.G += w * GG;
            sum.B += w * GB;
            sum.Depth += w * GDepth;
            var sr = Vector256.Create(s->R);
            var sg = Vector256.Create(s->G);
            var sb = Vector256.Create(s->B);
            var sd = Vector256.Create(s->Depth);
            var dAlpha = T * ((sr - AccR) * GR + (sg - AccG) * GG + (sb - AccB) * GB + (sd - AccDepth) * GDepth + (one - AccAlpha) * GAlpha)
                         - TFinal / oneMinus * BgDot;
            AccR = Vector256.ConditionalSelect(c, alpha * sr + oneMinus * AccR, AccR);
            AccG = Vector256.ConditionalSelect(c, alpha * sg + oneMinus * AccG, AccG);
            AccB = Vector256.ConditionalSelect(c, alpha * sb + oneMinus * AccB, AccB);
            AccDepth = Vector256.ConditionalSelect(c, alpha * sd + oneMinus * AccDepth, AccDepth);
            AccAlpha = Vector256.ConditionalSelect(c, alpha + oneMinus * AccAlpha, AccAlpha);
            dAlpha &= c;
            sum.Opacity += gauss * dAlpha;
            var dPower = opacity * dAlpha * gauss; // ∂L/∂power = α·𝒢·∂L/∂α̃
            var ca = Vector256.Create(s->ConicA);
            var cb = Vector256.Create(s->ConicB);
            var cc = Vector256.Create(s->ConicC);
            var half = Vector256.Create(-0.5f);
            // ∂power/∂(mean x, mean y) with d = mean − pixel; ∂power/∂(A, B, C) = (−½dx², −dx·dy, −½dy²)
            sum.X += dPower * (-ca * dx - cb * dy);
            sum.Y += dPower * (-cc * dy - cb * dx);
            sum.ConicA += dPower * (half * dx * dx);
            sum.ConicB += dPower * (-dx * dy);
            sum.ConicC += dPower * (half * dy * dy);
            return true;
        }
    }
}
