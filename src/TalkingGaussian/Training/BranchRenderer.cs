using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Training;

/// <summary>
/// One branch (face or inside mouth) for one frame, forward and backward: the motion field's deformation δ (Eq. 6 or 7)
/// → θ_D = θ_C + δ (Eq. 4) → the 3DGS rasterizer (Eq. 2); for the face, also the attention map (the region-attention
/// magnitudes ‖V_a‖, ‖V_e‖ rendered as colours on the same geometry, original-code.md §4.5). Without a motion condition it
/// renders θ_C (static initialisation, Eq. 9). Buffers are reused across frames.
/// </summary>
public sealed class BranchRenderer : IDisposable
{
    private readonly IGaussianRasterizer _rasterizer;
    private readonly IGaussianRasterizer? _attentionRasterizer;
    private readonly IMotionFieldBackend? _backend;
    private readonly DeformationGradients _deformationGradients = new();
    private RasterInputs _inputs = new();
    private readonly RasterInputs _attentionInputs = new();
    private float[] _meanGradient = [];
    private float[] _means2D = [];
    private bool _deformed, _withAttention;
    private RasterSettings? _attentionBase, _attentionSettings;

    /// <summary>Creates the renderer of <paramref name="gaussians"/> deformed by <paramref name="motion"/>.</summary>
    /// <param name="gaussians">The branch's Persistent Gaussian Field.</param>
    /// <param name="motion">Its motion field, or null for a static branch.</param>
    /// <param name="backend">Runs the motion field's per-Gaussian part (required with <paramref name="motion"/>).</param>
    /// <param name="rasterizer">Renders the branch.</param>
    /// <param name="attentionRasterizer">Renders the face's attention map; null when not needed.</param>
    public BranchRenderer(PersistentGaussianField gaussians, IMotionField? motion, IMotionFieldBackend? backend,
        IGaussianRasterizer rasterizer, IGaussianRasterizer? attentionRasterizer = null)
    {
        if (motion is not null && backend is null) throw new ArgumentNullException(nameof(backend), "A motion field needs a backend.");
        if (backend is not null && motion is not null && backend.Stride != motion.Stride)
            throw new ArgumentException("The backend was made for another kind of motion field.", nameof(backend));
        Gaussians = gaussians;
        Motion = motion;
        _backend = backend;
        _rasterizer = rasterizer;
        _attentionRasterizer = attentionRasterizer;
        Frame = motion?.CreateFrame();
        if (motion is not null) Deltas = new MotionDeltas(motion.Stride);
    }

    /// <summary>The branch's Gaussians.</summary>
    public PersistentGaussianField Gaussians { get; }

    /// <summary>The branch's motion field (null: static).</summary>
    public IMotionField? Motion { get; }

    /// <summary>The per-frame buffer of the motion field.</summary>
    public MotionFrame? Frame { get; }

    /// <summary>δ of the last deformed forward pass.</summary>
    public MotionDeltas? Deltas { get; }

    /// <summary>The rasterizer inputs θ_D of the last forward pass.</summary>
    public RasterInputs Inputs => _inputs;

    /// <summary>The last render (owned by the rasterizer; overwritten by the next forward pass).</summary>
    public RasterOutput? Output { get; private set; }

    /// <summary>The last attention render: channel 0 = ‖V_a‖, channel 1 = ‖V_e‖ (face only).</summary>
    public RasterOutput? Attention { get; private set; }

    /// <summary>∂L/∂δ of the last backward pass (the regularisers add into it before the motion field's backward pass).</summary>
    public MotionDeltas? DeltaGradients => _deformationGradients.Deltas;

    /// <summary>
    /// Per-Gaussian ‖∂L/∂means2D‖ inputs of the densification statistics: the screen-space mean gradients of the render and
    /// the attention render summed (they share one means2D tensor in the released code), [N, 2].
    /// </summary>
    public ReadOnlySpan<float> Means2DGradient => _means2D.AsSpan(0, 2 * Gaussians.Count);

    /// <summary>
    /// Renders the branch for <paramref name="camera"/>. With <paramref name="motionParameters"/> and
    /// <paramref name="condition"/> the Gaussians are deformed; otherwise θ_C is rendered. <paramref name="attentionPixels"/>
    /// [H, W] names the pixels of the attention map the caller reads (null: all); the others may be left empty
    /// (<see cref="RasterSettings.NeededPixels"/>), and their attention gradients must then be zero.
    /// </summary>
    public RasterOutput Forward(ReadOnlySpan<float> motionParameters, MotionCondition? condition, Camera camera, RasterSettings settings,
        bool withAttention, bool saveContext, StepTimer? timer = null, bool[]? attentionPixels = null)
    {
        _deformed = condition is not null && Motion is not null;
        if (condition is not null && Motion is null) throw new InvalidOperationException("This branch has no motion field to deform it.");
        _withAttention = withAttention && _deformed;
        if (_withAttention && _attentionRasterizer is null) throw new InvalidOperationException("No attention rasterizer was given.");
        if (_deformed)
        {
            Motion!.EncodeFrame(motionParameters, condition!, Frame!);
            _backend!.Forward(motionParameters, Frame!, Gaussians.Means.AsSpan(0, 3 * Gaussians.Count), Deltas!, saveContext);
            timer?.Lap(StepPhase.MotionForward);
        }
        _inputs = Deformation.Apply(Gaussians, _deformed ? Deltas : null, _inputs);
        Output = _rasterizer.Forward(_inputs, camera, settings);
        if (_withAttention)
        {
            // Colours = (‖V_a‖, ‖V_e‖, 0) on the same deformed geometry.
            int n = Gaussians.Count;
            var a = _attentionInputs;
            a.Count = n;
            a.Means = _inputs.Means;
            a.Scales = _inputs.Scales;
            a.Rotations = _inputs.Rotations;
            a.Opacities = _inputs.Opacities;
            a.Sh = null;
            if (a.Colors is null || a.Colors.Length < 3 * n) a.Colors = new float[3 * n];
            var att = Deltas!.Attention;
            for (int i = 0; i < n; i++)
            {
                a.Colors[3 * i] = att[2 * i];
                a.Colors[3 * i + 1] = att[2 * i + 1];
                a.Colors[3 * i + 2] = 0f;
            }
            Attention = _attentionRasterizer!.Forward(a, camera, AttentionSettings(settings, attentionPixels));
        }
        else Attention = null;
        timer?.Lap(StepPhase.RasterForward);
        return Output;
    }

    /// <summary><paramref name="settings"/> limited to <paramref name="pixels"/>, kept from call to call while neither changes.</summary>
    private RasterSettings AttentionSettings(RasterSettings settings, bool[]? pixels)
    {
        if (pixels is null) return settings;
        if (!ReferenceEquals(_attentionBase, settings) || !ReferenceEquals(_attentionSettings!.NeededPixels, pixels))
        {
            _attentionBase = settings;
            _attentionSettings = settings with { NeededPixels = pixels };
        }
        return _attentionSettings!;
    }

    /// <summary>
    /// Back-propagates image gradients of the last <see cref="Forward"/>: ∂L/∂colour [3, H, W], ∂L/∂A [H, W] (may be
    /// empty), ∂L/∂attention [3, H, W] (may be empty; the geometry of the attention render is detached, so only its colours
    /// and its screen-space means receive gradients). Gives θ_C's gradients to <paramref name="gaussians"/>; when the
    /// branch was deformed and <paramref name="motion"/> is given, runs <paramref name="deltaLoss"/> (the regularisers add
    /// ∂/∂δ) and the motion field's backward pass into the motion gradients and the means.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dColor, ReadOnlySpan<float> dAlpha, ReadOnlySpan<float> dAttention,
        GaussianFieldOptimizer gaussians, MotionFieldOptimizer? motion, Action<MotionDeltas, MotionDeltas>? deltaLoss = null,
        StepTimer? timer = null)
    {
        if (Output is null) throw new InvalidOperationException("Backward needs a Forward first.");
        if (!ReferenceEquals(gaussians.Field, Gaussians)) throw new ArgumentException("The optimiser belongs to another field.", nameof(gaussians));
        int n = Gaussians.Count;
        var g = _rasterizer.Backward(dColor, dAlpha);
        if (_means2D.Length < 2 * n) _means2D = new float[2 * n];
        g.Means2D.AsSpan(0, 2 * n).CopyTo(_means2D);
        RasterGradients? ga = null;
        if (_withAttention && !dAttention.IsEmpty)
        {
            ga = _attentionRasterizer!.Backward(dAttention);
            for (int j = 0; j < 2 * n; j++) _means2D[j] += ga.Means2D[j];
        }
        var dg = Deformation.Backward(Gaussians, _deformed ? Deltas : null, g, _deformationGradients);
        timer?.Lap(StepPhase.RasterBackward);

        bool motionPath = _deformed && motion is not null;
        if (motionPath)
        {
            var dd = dg.Deltas!;
            if (ga is not null && dd.HasRotationAndScale)
                for (int i = 0; i < n; i++)
                {
                    dd.Attention[2 * i] = ga.Colors[3 * i];
                    dd.Attention[2 * i + 1] = ga.Colors[3 * i + 1];
                }
            deltaLoss?.Invoke(Deltas!, dd);
            if (_meanGradient.Length < 3 * n) _meanGradient = new float[3 * n];
            var meanGradient = _meanGradient.AsSpan(0, 3 * n);
            meanGradient.Clear();
            _backend!.Backward(motion!.Parameters, Frame!, dd, motion.Gradients, meanGradient);
            timer?.Lap(StepPhase.MotionBackward);
            gaussians.AddGradients(dg, meanGradient);
        }
        else gaussians.AddGradients(dg, []);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rasterizer.Dispose();
        _attentionRasterizer?.Dispose();
        _backend?.Dispose();
    }
}
