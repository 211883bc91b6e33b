namespace TalkingGaussian.Gaussians;

/// <summary>
/// log(1 + x) and eˣ − 1 accurate for tiny x in double (.NET's generic versions compute Log(x + 1) and Exp(x) − 1, which
/// lose every digit below 1e-16). Used where scale conversions meet very small Gaussians.
/// </summary>
internal static class PreciseMath
{
    /// <summary>log(1 + x): the rounding error of u = 1 + x cancels in log(u)·x/(u − 1) (Goldberg 1991, Thm. 4).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>eˣ − 1: the rounding error of u = eˣ cancels in (u − 1)·x/log(u) (Kahan's formulation).</summary>
    public static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        double u = Math.Exp(x);
        return u == 1 ? x : (u - 1) * x / Math.Log(u);
    }

    /// <summary>softplus(x) = log(1 + eˣ) in double, without overflow.</summary>
    public static double Softplus(double x) => x > 36 ? x + Math.Exp(-x) : Log1p(Math.Exp(x));

    /// <summary>softplus⁻¹(s) = log(eˢ − 1) = s + log(1 − e⁻ˢ) for s &gt; 0, accurate for tiny s.</summary>
    public static double SoftplusInverse(double s) => s > 36 ? s : Math.Log(ExpM1(s));
}
