using System.Runtime.InteropServices;

namespace TalkingGaussian.Rendering;

/// <summary>
/// The per-pixel half of the reference rasterizer: which Gaussians each 16×16 tile sees (those whose tile rectangle covers
/// it, sorted by view depth, ties by index), Eq. 2 front to back at every pixel centre, and its backward pass derived
/// directly from C = Σᵢ cᵢα̃ᵢTᵢ + T_N·bg, Tᵢ = Πⱼ&lt;ᵢ(1 − α̃ⱼ):
/// ∂C/∂α̃ᵢ = cᵢTᵢ − (Σⱼ&gt;ᵢ cⱼα̃ⱼTⱼ + T_N·bg)/(1 − α̃ᵢ), and for the opacity image A = 1 − T_N, ∂A/∂α̃ᵢ = T_N/(1 − α̃ᵢ).
/// The backward pass re-traces each pixel's forward pass (it keeps no per-pixel lists).
/// </summary>
internal sealed class ReferencePixels
{
    private List<int>[] _tiles = [];
    private int _tileCount;
    private Step[] _steps = [];

    /// <summary>One blended Gaussian of a pixel: α̃ = min(cap, α·𝒢), 𝒢 = e^power, T in front of it, d = mean − pixel.</summary>
    private struct Step
    {
        public int Gaussian;
        public double Alpha, Gauss, T, Dx, Dy;
    }

    /// <summary>Alpha evaluations of the last forward pass.</summary>
    public long Evaluations { get; private set; }

    /// <summary>(tile, Gaussian) pairs of the last binning.</summary>
    public int Pairs { get; private set; }

    /// <summary>Lists, per tile, the visible Gaussians whose rectangle covers it, front to back.</summary>
    public void Bin(ReferenceSplat[] splats, int count, in ReferenceCamera cam)
    {
        _tileCount = cam.TilesX * cam.TilesY;
        if (_tiles.Length < _tileCount)
        {
            int old = _tiles.Length;
            Array.Resize(ref _tiles, _tileCount);
            for (int t = old; t < _tileCount; t++) _tiles[t] = [];
        }
        for (int t = 0; t < _tileCount; t++) _tiles[t].Clear();
        int pairs = 0, longest = 0;
        for (int i = 0; i < count; i++)
        {
            var s = splats[i];
            if (s.Radius == 0) continue;
            for (int ty = s.MinY; ty < s.MaxY; ty++)
            for (int tx = s.MinX; tx < s.MaxX; tx++)
                _tiles[ty * cam.TilesX + tx].Add(i);
            pairs += (s.MaxX - s.MinX) * (s.MaxY - s.MinY);
        }
        var order = new DepthOrder(splats);
        for (int t = 0; t < _tileCount; t++)
        {
            _tiles[t].Sort(order);
            longest = Math.Max(longest, _tiles[t].Count);
        }
        Pairs = pairs;
        if (_steps.Length < longest) _steps = new Step[longest];
    }

    /// <summary>Eq. 2 at every pixel: colour Σ cα̃T + T_N·bg, opacity A = 1 − T_N, depth Σ zα̃T.</summary>
    public void Render(ReferenceSplat[] splats, in ReferenceCamera cam, RasterOutput output)
    {
        int w = cam.Width, h = cam.Height, plane = w * h;
        var (bgR, bgG, bgB) = cam.Settings.Background;
        long evaluations = 0;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int blended = Trace(splats, cam, x, y, out double tFinal, out int evaluated);
            evaluations += evaluated;
            double r = 0, g = 0, b = 0, depth = 0;
            for (int k = 0; k < blended; k++)
            {
                var st = _steps[k];
                ref readonly var s = ref splats[st.Gaussian];
                double weight = st.Alpha * st.T;
                r += weight * s.R;
                g += weight * s.G;
                b += weight * s.Bl;
                depth += weight * s.Depth;
            }
            int p = y * w + x;
            output.Color[p] = (float)(r + tFinal * bgR);
            output.Color[plane + p] = (float)(g + tFinal * bgG);
            output.Color[2 * plane + p] = (float)(b + tFinal * bgB);
            output.Alpha[p] = (float)(1 - tFinal);
            output.Depth[p] = (float)depth;
        }
        Evaluations = evaluations;
    }

    /// <summary>Adds every pixel's ∂L/∂(screen quantities) of the Gaussians it blended into <paramref name="grads"/>.</summary>
    public void Backward(ReferenceSplat[] splats, in ReferenceCamera cam, ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha,
        ReadOnlySpan<float> dDepth, ReferenceSplatGradient[] grads)
    {
        int w = cam.Width, h = cam.Height, plane = w * h;
        var (bgR, bgG, bgB) = cam.Settings.Background;
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int p = y * w + x;
            double gr = dColor[p], gg = dColor[plane + p], gb = dColor[2 * plane + p];
            double gA = dAlpha.IsEmpty ? 0 : dAlpha[p], gD = dDepth.IsEmpty ? 0 : dDepth[p];
            int blended = Trace(splats, cam, x, y, out double tFinal, out _);
            // Back to front, with the sums over the Gaussians behind i: Σⱼ>ᵢ cⱼα̃ⱼTⱼ per channel and Σⱼ>ᵢ zⱼα̃ⱼTⱼ.
            double behindR = 0, behindG = 0, behindB = 0, behindD = 0;
            for (int k = blended - 1; k >= 0; k--)
            {
                var st = _steps[k];
                ref readonly var s = ref splats[st.Gaussian];
                ref var gs = ref grads[st.Gaussian];
                double weight = st.Alpha * st.T, keep = 1 - st.Alpha;
                gs.R += weight * gr;
                gs.G += weight * gg;
                gs.Bl += weight * gb;
                gs.Depth += weight * gD;
                double dAlphaTilde =
                    gr * (s.R * st.T - (behindR + tFinal * bgR) / keep)
                    + gg * (s.G * st.T - (behindG + tFinal * bgG) / keep)
                    + gb * (s.Bl * st.T - (behindB + tFinal * bgB) / keep)
                    + gD * (s.Depth * st.T - behindD / keep)
                    + gA * tFinal / keep;
                behindR += weight * s.R;
                behindG += weight * s.G;
                behindB += weight * s.Bl;
                behindD += weight * s.Depth;

                // α̃ = α·𝒢 (the cap is ignored in the derivative, as in the released rasterizer), 𝒢 = e^power,
                // power = −½(A dx² + C dy²) − B dx dy with d = mean − pixel.
                gs.Opacity += st.Gauss * dAlphaTilde;
                double dPower = s.Opacity * st.Gauss * dAlphaTilde;
                gs.U += dPower * -(s.A * st.Dx + s.B * st.Dy);
                gs.V += dPower * -(s.C * st.Dy + s.B * st.Dx);
                gs.A += dPower * -0.5 * st.Dx * st.Dx;
                gs.B += dPower * -st.Dx * st.Dy;
                gs.C += dPower * -0.5 * st.Dy * st.Dy;
            }
        }
    }

    /// <summary>
    /// Eq. 2 at pixel (x, y): records the Gaussians blended, front to back, in the step buffer; returns how many, with the
    /// final transmittance and the number of Gaussians evaluated (the stopping one included).
    /// </summary>
    private int Trace(ReferenceSplat[] splats, in ReferenceCamera cam, int x, int y, out double tFinal, out int evaluated)
    {
        var settings = cam.Settings;
        var list = _tiles[y / RasterSettings.TileSize * cam.TilesX + x / RasterSettings.TileSize];
        double t = 1;
        int blended = 0;
        evaluated = 0;
        foreach (int i in CollectionsMarshal.AsSpan(list))
        {
            evaluated++;
            ref readonly var s = ref splats[i];
            double dx = s.U - x, dy = s.V - y;
            double power = -0.5 * (s.A * dx * dx + s.C * dy * dy) - s.B * dx * dy;
            if (power > 0 || power < s.MinPower) continue; // the second: α̃ < MinAlpha, known without e^power
            double gauss = Math.Exp(power);
            double alpha = Math.Min(settings.AlphaCap, s.Opacity * gauss);
            if (alpha < settings.MinAlpha || alpha == 0) continue;
            if (t * (1 - alpha) < settings.TransmittanceEpsilon) break; // stop; this Gaussian is not blended
            _steps[blended++] = new Step { Gaussian = i, Alpha = alpha, Gauss = gauss, T = t, Dx = dx, Dy = dy };
            t *= 1 - alpha;
        }
        tFinal = t;
        return blended;
    }

    /// <summary>Front to back: view depth, ties by Gaussian index.</summary>
    private sealed class DepthOrder(ReferenceSplat[] splats) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = splats[a].Depth.CompareTo(splats[b].Depth);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
