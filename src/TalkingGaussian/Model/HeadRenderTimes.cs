using TalkingGaussian.Training;

namespace TalkingGaussian.Model;

/// <summary>
/// Seconds a <see cref="TalkingHeadRenderer"/> spent per stage, summed over the frames rendered with this instance
/// (<c>tg bench render-model</c>): each branch's motion field (its per-frame audio and expression networks and the
/// per-Gaussian tri-plane + MLP pass, Eq. 6–7), each branch's deformation and rasterization (Eq. 4, 2), and the fusion (Eq. 8).
/// </summary>
public sealed class HeadRenderTimes
{
    /// <summary>Frames summed.</summary>
    public int Frames { get; private set; }

    /// <summary>Face motion field.</summary>
    public double FaceMotion { get; private set; }

    /// <summary>Face deformation and rasterization.</summary>
    public double FaceRaster { get; private set; }

    /// <summary>Mouth motion field.</summary>
    public double MouthMotion { get; private set; }

    /// <summary>Mouth deformation and rasterization.</summary>
    public double MouthRaster { get; private set; }

    /// <summary>Fusion over the plate (and copying the branch images out of the rasterizers).</summary>
    public double Fusion { get; private set; }

    /// <summary>Sum of the stages.</summary>
    public double Total => FaceMotion + FaceRaster + MouthMotion + MouthRaster + Fusion;

    /// <summary>The stages by name, in render order.</summary>
    public IReadOnlyList<(string Stage, double Seconds)> Stages =>
        [("face motion", FaceMotion), ("face raster", FaceRaster), ("mouth motion", MouthMotion), ("mouth raster", MouthRaster), ("fusion", Fusion)];

    /// <summary>Zeroes every stage.</summary>
    public void Clear()
    {
        Frames = 0;
        FaceMotion = FaceRaster = MouthMotion = MouthRaster = Fusion = 0;
    }

    internal void Add(StepTimer face, StepTimer mouth, double fusion)
    {
        Frames++;
        FaceMotion += face[StepPhase.MotionForward];
        FaceRaster += face[StepPhase.RasterForward];
        MouthMotion += mouth[StepPhase.MotionForward];
        MouthRaster += mouth[StepPhase.RasterForward];
        Fusion += fusion;
    }
}
