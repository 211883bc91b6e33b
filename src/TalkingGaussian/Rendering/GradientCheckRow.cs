namespace TalkingGaussian.Rendering;

/// <summary>One parameter's analytic gradient beside its finite-difference estimate.</summary>
/// <param name="Parameter">Name and index, e.g. "μx[2]".</param>
/// <param name="Analytic">∂L/∂θ from the rasterizer's backward pass.</param>
/// <param name="Numeric">(L(θ + h) − L(θ − h)) / 2h, with L accumulated in double precision.</param>
public sealed record GradientCheckRow(string Parameter, double Analytic, double Numeric)
{
    /// <summary>|analytic − numeric|.</summary>
    public double AbsoluteError => Math.Abs(Analytic - Numeric);

    /// <summary>|analytic − numeric| / max(|analytic|, |numeric|, 1e-6).</summary>
    public double RelativeError => AbsoluteError / Math.Max(Math.Max(Math.Abs(Analytic), Math.Abs(Numeric)), 1e-6);
}
