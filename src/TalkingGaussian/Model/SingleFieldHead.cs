using TalkingGaussian.Compute;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training;

namespace TalkingGaussian.Model;

/// <summary>
/// Renders a head that one shared motion field learned, lips and inside mouth together (a face stage trained with
/// <see cref="Training.Settings.FaceStageSettings.LearnInsideMouth"/>; the paper's Fig. 4 comparison): the face branch,
/// deformed by its field and rendered on black, laid over the torso-and-background plate P,
/// C_head = C_face + P·(1 − A_face). That is Eq. 8 (<see cref="FaceMouthFusion"/>) with no mouth branch behind the face.
/// </summary>
public sealed class SingleFieldHead : IDisposable
{
    private static readonly RasterSettings OnBlack = new() { Background = (0f, 0f, 0f) };
    private readonly BranchRenderer _face;
    private readonly float[] _motion;
    private float[] _noMouthColor = [], _noMouthAlpha = [], _mouthLayer = [], _head = [];

    /// <summary>A renderer of <paramref name="face"/> deformed by <paramref name="field"/> with parameters <paramref name="motion"/>.</summary>
    public SingleFieldHead(PersistentGaussianField face, FaceMotionField field, float[] motion, ComputeDevice device,
        Func<IGaussianRasterizer>? rasterizers = null, MotionBackendKind motionBackend = MotionBackendKind.Auto)
    {
        if (motion.Length != field.ParameterCount)
            throw new ArgumentException($"The face motion field has {field.ParameterCount} parameters; got {motion.Length}.", nameof(motion));
        rasterizers ??= () => Rasterizers.Create(device);
        _face = new BranchRenderer(face, field, MotionBackends.Create(device, field, motionBackend), rasterizers());
        _motion = motion;
    }

    /// <summary>
    /// The head for the audio window <paramref name="audioWindow"/> and expression <paramref name="expression"/> seen by
    /// <paramref name="camera"/> over <paramref name="plate"/> [3, H, W]; the array is reused by the next call.
    /// </summary>
    public float[] Render(float[] audioWindow, float[] expression, Camera camera, ReadOnlySpan<float> plate)
    {
        int plane = camera.Width * camera.Height;
        if (plate.Length != 3 * plane) throw new ArgumentException($"The plate must be [3, {camera.Height}, {camera.Width}].", nameof(plate));
        if (_head.Length != 3 * plane)
        {
            _noMouthColor = new float[3 * plane];
            _noMouthAlpha = new float[plane];
            _mouthLayer = new float[3 * plane];
            _head = new float[3 * plane];
        }
        var face = _face.Forward(_motion, new MotionCondition(audioWindow, expression), camera, OnBlack, false, false);
        FaceMouthFusion.Forward(face.Color.AsSpan(0, 3 * plane), face.Alpha.AsSpan(0, plane), _noMouthColor, _noMouthAlpha, plate, _mouthLayer, _head);
        return _head;
    }

    /// <inheritdoc />
    public void Dispose() => _face.Dispose();
}
