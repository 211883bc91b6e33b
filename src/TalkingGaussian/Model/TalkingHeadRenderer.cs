using System.Diagnostics;
using TalkingGaussian.Compute;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training;

namespace TalkingGaussian.Model;

/// <summary>
/// Renders a talking head for one frame as inference does (original-code.md §6.1): the audio window (and, for the face,
/// the expression) drives both motion fields; each branch's deformed Gaussians are rendered on black; the face is laid over
/// the mouth over the torso-and-background plate (Eq. 8, <see cref="FaceMouthFusion"/>).
/// </summary>
public sealed class TalkingHeadRenderer : IDisposable
{
    private static readonly RasterSettings OnBlack = new() { Background = (0f, 0f, 0f) };
    private readonly BranchRenderer _face, _mouth;
    private readonly float[] _faceMotion, _mouthMotion;
    private readonly StepTimer _faceTimer = new(), _mouthTimer = new();

    /// <summary>A renderer of <paramref name="model"/> on <paramref name="device"/>.</summary>
    public TalkingHeadRenderer(TalkingHeadModel model, ComputeDevice device, Func<IGaussianRasterizer>? rasterizers = null,
        MotionBackendKind motionBackend = MotionBackendKind.Auto)
        : this(model.Face, model.FaceField, model.FaceMotion, model.Mouth, model.MouthField, model.MouthMotion, device, rasterizers, motionBackend) { }

    /// <summary>A renderer of the given branches (e.g. a model still in training).</summary>
    public TalkingHeadRenderer(PersistentGaussianField face, FaceMotionField faceField, float[] faceMotion,
        PersistentGaussianField mouth, MouthMotionField mouthField, float[] mouthMotion, ComputeDevice device,
        Func<IGaussianRasterizer>? rasterizers = null, MotionBackendKind motionBackend = MotionBackendKind.Auto)
    {
        rasterizers ??= () => Rasterizers.Create(device);
        _face = new BranchRenderer(face, faceField, MotionBackends.Create(device, faceField, motionBackend), rasterizers());
        _mouth = new BranchRenderer(mouth, mouthField, MotionBackends.Create(device, mouthField, motionBackend), rasterizers());
        _faceMotion = faceMotion;
        _mouthMotion = mouthMotion;
    }

    /// <summary>The images of the last <see cref="Render"/> (owned by the renderer, overwritten by the next call).</summary>
    public HeadImages Last { get; } = new();

    /// <summary>
    /// Renders the head for the audio window <paramref name="audioWindow"/> [8, C, T] and expression
    /// <paramref name="expression"/> (6 AUs) seen by <paramref name="camera"/> over <paramref name="plate"/> [3, H, W].
    /// </summary>
    /// <remarks>With <paramref name="times"/>, the stages' times are added to it.</remarks>
    public HeadImages Render(float[] audioWindow, float[] expression, Camera camera, ReadOnlySpan<float> plate, HeadRenderTimes? times = null)
    {
        int plane = camera.Width * camera.Height;
        if (plate.Length != 3 * plane) throw new ArgumentException($"The plate must be [3, {camera.Height}, {camera.Width}].", nameof(plate));
        StepTimer? faceTimer = null, mouthTimer = null;
        if (times is not null)
        {
            (faceTimer, mouthTimer) = (_faceTimer, _mouthTimer);
            faceTimer.Clear();
        }
        var face = _face.Forward(_faceMotion, new MotionCondition(audioWindow, expression), camera, OnBlack, false, false, faceTimer);
        mouthTimer?.Clear();
        var mouth = _mouth.Forward(_mouthMotion, new MotionCondition(audioWindow, []), camera, OnBlack, false, false, mouthTimer);
        long fusionStart = Stopwatch.GetTimestamp();
        var images = Last;
        images.Resize(camera.Width, camera.Height);
        face.Color.AsSpan(0, 3 * plane).CopyTo(images.FaceColor);
        face.Alpha.AsSpan(0, plane).CopyTo(images.FaceAlpha);
        mouth.Color.AsSpan(0, 3 * plane).CopyTo(images.MouthColor);
        mouth.Alpha.AsSpan(0, plane).CopyTo(images.MouthAlpha);
        FaceMouthFusion.Forward(images.FaceColor, images.FaceAlpha, images.MouthColor, images.MouthAlpha, plate, images.MouthLayer, images.Head);
        times?.Add(faceTimer!, mouthTimer!, Stopwatch.GetElapsedTime(fusionStart).TotalSeconds);
        return images;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _face.Dispose();
        _mouth.Dispose();
    }
}

/// <summary>The images of one rendered head frame, planar RGB [3, H, W] and opacities [H, W].</summary>
public sealed class HeadImages
{
    /// <summary>Width.</summary>
    public int Width { get; private set; }

    /// <summary>Height.</summary>
    public int Height { get; private set; }

    /// <summary>The fused talking head over the plate (Eq. 8).</summary>
    public float[] Head { get; private set; } = [];

    /// <summary>The face branch on black (premultiplied colour).</summary>
    public float[] FaceColor { get; private set; } = [];

    /// <summary>A_face.</summary>
    public float[] FaceAlpha { get; private set; } = [];

    /// <summary>The inside-mouth branch on black.</summary>
    public float[] MouthColor { get; private set; } = [];

    /// <summary>A_mouth.</summary>
    public float[] MouthAlpha { get; private set; } = [];

    /// <summary>The mouth over the plate, before the face is laid on it.</summary>
    public float[] MouthLayer { get; private set; } = [];

    internal void Resize(int width, int height)
    {
        if (Width == width && Height == height) return;
        int plane = width * height;
        Width = width;
        Height = height;
        Head = new float[3 * plane];
        FaceColor = new float[3 * plane];
        FaceAlpha = new float[plane];
        MouthColor = new float[3 * plane];
        MouthAlpha = new float[plane];
        MouthLayer = new float[3 * plane];
    }
}
