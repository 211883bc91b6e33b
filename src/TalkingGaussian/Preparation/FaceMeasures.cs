namespace TalkingGaussian.Preparation;

/// <summary>
/// Landmark measures of one frame from which the action-unit proxies are calibrated, each a ratio so it does not
/// depend on the face's size in the image: eye openness (lid gap over eye width, both eyes averaged), the inner-lip gap,
/// the inner-brow height above the inner eye corners, the gap between the inner brows, and the distance from the lower
/// lids to the mouth corners (shortened when the cheeks rise), the last four over the inter-ocular distance.
/// </summary>
public readonly record struct FaceMeasures(double EyeOpenness, double LipGap, double InnerBrowHeight, double BrowGap, double LidToMouthCorner)
{
    public static FaceMeasures Of(FaceMeshResult m)
    {
        double D(int a, int b) => Math.Sqrt(Math.Pow(m.X(a) - m.X(b), 2) + Math.Pow(m.Y(a) - m.Y(b), 2));
        double iod = Math.Max(D(33, 263), 1e-6);
        double open = 0.5 * (D(159, 145) / Math.Max(D(33, 133), 1e-6) + D(386, 374) / Math.Max(D(362, 263), 1e-6));
        return new FaceMeasures(
            open,
            D(13, 14) / iod,
            0.5 * (D(107, 133) + D(336, 362)) / iod,
            D(107, 336) / iod,
            0.5 * (D(145, 61) + D(374, 291)) / iod);
    }
}
