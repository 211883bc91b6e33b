namespace TalkingGaussian.Rendering;

/// <summary>
/// Checks a rasterizer's backward pass against central finite differences of a scalar loss
/// L = Σ w_C ⊙ C(x) + Σ w_A ⊙ A(x) with fixed random weights (so every pixel and channel matters).
/// Parameters checked per Gaussian: μ (x, y, z), s (x), q (w, x), α and colour r. Needs precomputed colours.
/// The released cut-offs (3σ radius, α̃ &lt; 1/255 skipped) make L piecewise: a finite difference that crosses one sees a
/// jump the analytic gradient does not. So by default the check runs with <see cref="SmoothSettings"/>, which move the
/// cut-offs out of the way, as the project's rasterizer tests (and gsplat's) do; pass the defaults to see the jumps.
/// </summary>
public static class RasterGradientCheck
{
    /// <summary>6σ radius and a negligible skip threshold: every quantity is smooth in a small scene.</summary>
    public static RasterSettings SmoothSettings => new() { RadiusSigmas = 6f, MinAlpha = 1e-9f };

    /// <summary>Runs the check on the Gaussians <paramref name="indices"/> of <paramref name="gaussians"/>.</summary>
    public static IReadOnlyList<GradientCheckRow> Run(IGaussianRasterizer rasterizer, RasterInputs gaussians, Camera camera,
        IReadOnlyList<int> indices, RasterSettings? settings = null, float step = 2e-3f, int seed = 1)
    {
        settings ??= SmoothSettings;
        gaussians.Validate();
        if (gaussians.Colors is null)
            throw new ArgumentException("RasterGradientCheck perturbs precomputed RasterInputs.Colors; set Colors (no SH).", nameof(gaussians));
        foreach (int i in indices)
            if (i < 0 || i >= gaussians.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Gaussian {i} does not exist (count {gaussians.Count}).");

        int pixels = camera.Width * camera.Height;
        var rng = new Random(seed);
        var wColor = new float[3 * pixels];
        var wAlpha = new float[pixels];
        for (int p = 0; p < wColor.Length; p++) wColor[p] = rng.NextSingle() - 0.5f;
        for (int p = 0; p < wAlpha.Length; p++) wAlpha[p] = rng.NextSingle() - 0.5f;

        var work = Clone(gaussians);
        rasterizer.Forward(work, camera, settings);
        var grads = rasterizer.Backward(wColor, wAlpha);
        // Copy what we read: the rasterizer reuses its gradient buffers on the next pass.
        var analytic = (Means: (float[])grads.Means.Clone(), Scales: (float[])grads.Scales.Clone(), Rotations: (float[])grads.Rotations.Clone(),
            Opacities: (float[])grads.Opacities.Clone(), Colors: (float[])grads.Colors.Clone());

        double Loss()
        {
            var output = rasterizer.Forward(work, camera, settings);
            double sum = 0;
            for (int p = 0; p < wColor.Length; p++) sum += (double)wColor[p] * output.Color[p];
            for (int p = 0; p < pixels; p++) sum += (double)wAlpha[p] * output.Alpha[p];
            return sum;
        }

        double Numeric(float[] array, int at) => FiniteDifferences.Central(array, at, step, Loss);

        var rows = new List<GradientCheckRow>();
        foreach (int i in indices)
        {
            rows.Add(new($"μx[{i}]", analytic.Means[3 * i], Numeric(work.Means, 3 * i)));
            rows.Add(new($"μy[{i}]", analytic.Means[3 * i + 1], Numeric(work.Means, 3 * i + 1)));
            rows.Add(new($"μz[{i}]", analytic.Means[3 * i + 2], Numeric(work.Means, 3 * i + 2)));
            rows.Add(new($"sx[{i}]", analytic.Scales[3 * i], Numeric(work.Scales, 3 * i)));
            rows.Add(new($"qw[{i}]", analytic.Rotations[4 * i], Numeric(work.Rotations, 4 * i)));
            rows.Add(new($"qx[{i}]", analytic.Rotations[4 * i + 1], Numeric(work.Rotations, 4 * i + 1)));
            rows.Add(new($"α[{i}]", analytic.Opacities[i], Numeric(work.Opacities, i)));
            rows.Add(new($"r[{i}]", analytic.Colors[3 * i], Numeric(work.Colors!, 3 * i)));
        }
        return rows;
    }

    private static RasterInputs Clone(RasterInputs g) => new()
    {
        Count = g.Count,
        Means = (float[])g.Means.Clone(),
        Scales = (float[])g.Scales.Clone(),
        Rotations = (float[])g.Rotations.Clone(),
        Opacities = (float[])g.Opacities.Clone(),
        Colors = (float[]?)g.Colors?.Clone(),
        Sh = (float[]?)g.Sh?.Clone(),
        ShDegree = g.ShDegree,
        ActiveShDegree = g.ActiveShDegree,
    };
}
