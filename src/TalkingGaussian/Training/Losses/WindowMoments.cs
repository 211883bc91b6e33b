namespace TalkingGaussian.Training.Losses;

/// <summary>
/// The five window-weighted moments of one pixel (μx, μy, Sxx = Σw·x², Syy, Sxy = Σw·x·y), or their row-filtered halves:
/// one struct per pixel, so a kernel reads a pixel's moments with one view access instead of five.
/// </summary>
public struct WindowMoments
{
    public float X, Y, XX, YY, XY;
}
