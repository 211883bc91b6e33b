namespace TalkingGaussian.Gaussians;

/// <summary>Checks on a field before it is written, so no file ever holds a diverged (NaN or infinite) parameter.</summary>
internal static class GaussianFieldChecks
{
    public static void RequireFinite(PersistentGaussianField field, string path)
    {
        Check(field.Means, 3, "Means", path);
        Check(field.ScalesRaw, 3, "ScalesRaw", path);
        Check(field.RotationsRaw, 4, "RotationsRaw", path);
        Check(field.OpacitiesRaw, 1, "OpacitiesRaw", path);
        Check(field.Sh, 3 * field.ShCoefficients, "Sh", path);

        void Check(float[] a, int stride, string name, string where)
        {
            int length = stride * field.Count;
            for (int j = 0; j < length; j++)
                if (!float.IsFinite(a[j]))
                    throw new InvalidOperationException(
                        $"Not writing {where}: Gaussian {j / stride} has {a[j]} in {name}. The field diverged; save an earlier state instead.");
        }
    }
}
