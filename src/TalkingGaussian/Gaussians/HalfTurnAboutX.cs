namespace TalkingGaussian.Gaussians;

/// <summary>
/// Turns a Gaussian field 180° about the x axis, (x, y, z) → (x, −y, −z): the rigid motion that makes a head modelled
/// with +y up stand upright in a viewer that takes +y as down (COLMAP axes, which most web 3DGS viewers assume). A turn,
/// not a mirror, so every Gaussian keeps its shape and colour: μ' = Rμ, q' = r ⊗ q with r = (0, 1, 0, 0), scales and
/// opacities unchanged, and the SH colour re-expressed in the turned frame, f'(d) = f(R⁻¹d): each real SH basis function is
/// a polynomial whose monomials all have the same parity in (y, z), so its coefficient only changes sign
/// (<see cref="ShSigns"/>). Turning twice gives the same Gaussians back (the quaternions change sign, the same rotation).
/// </summary>
public static class HalfTurnAboutX
{
    /// <summary>
    /// The sign of SH coefficient k (3DGS order: k = l² + l + m) under (y, z) → (−y, −z): (−1)^(y-degree + z-degree) of
    /// its monomials, i.e. −1 for m &lt; 0 times (−1)^(l − |m|). Degree 1: −y, z, −x → (−, −, +); degree 2: xy, yz,
    /// 2z² − x² − y², xz, x² − y² → (−, +, +, −, +).
    /// </summary>
    public static readonly float[] ShSigns = [1, -1, -1, 1, -1, 1, 1, -1, 1, -1, 1, -1, -1, 1, -1, 1];

    /// <summary>A turned copy of <paramref name="field"/>.</summary>
    public static PersistentGaussianField Apply(PersistentGaussianField field)
    {
        int n = field.Count, k = field.ShCoefficients;
        var t = new PersistentGaussianField(n, field.ShDegree, field.ScaleActivation) { ActiveShDegree = field.ActiveShDegree };
        field.ScalesRaw.AsSpan(0, 3 * n).CopyTo(t.ScalesRaw);
        field.OpacitiesRaw.AsSpan(0, n).CopyTo(t.OpacitiesRaw);
        for (int i = 0; i < n; i++)
        {
            t.Means[3 * i] = field.Means[3 * i];
            t.Means[3 * i + 1] = -field.Means[3 * i + 1];
            t.Means[3 * i + 2] = -field.Means[3 * i + 2];
            // (0, 1, 0, 0) ⊗ (w, x, y, z) = (−x, w, −z, y); the raw (unnormalised) quaternion turns the same way.
            float w = field.RotationsRaw[4 * i], x = field.RotationsRaw[4 * i + 1], y = field.RotationsRaw[4 * i + 2], z = field.RotationsRaw[4 * i + 3];
            t.RotationsRaw[4 * i] = -x;
            t.RotationsRaw[4 * i + 1] = w;
            t.RotationsRaw[4 * i + 2] = -z;
            t.RotationsRaw[4 * i + 3] = y;
            for (int j = 0; j < k; j++)
                for (int c = 0; c < 3; c++)
                    t.Sh[(i * k + j) * 3 + c] = ShSigns[j] * field.Sh[(i * k + j) * 3 + c];
        }
        return t;
    }
}
