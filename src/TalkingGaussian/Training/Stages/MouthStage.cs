using TalkingGaussian.Data;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;
using TalkingGaussian.Training.Losses;
using TalkingGaussian.Training.Sampling;
using TalkingGaussian.Training.Settings;

namespace TalkingGaussian.Training.Stages;

/// <summary>
/// The inside-mouth branch's stage (paper §3.3–3.4; released <c>train_mouth.py</c>, original-code.md §5.2). Static
/// initialisation, then motion learning with the translation-only mouth field (Eq. 7). The target is the frame's inside
/// mouth on the background; in the render, pixels in the lips box but not inside the mouth (and inside-mouth pixels outside
/// the box) are painted the background, so only the mouth cavity and teeth are learned. After
/// <see cref="MouthStageSettings.FinalFraction"/> the background turns black, motion and geometry freeze and only colours
/// train (with LPIPS when available). Gaussians that learned the green background are reset after each densification.
/// </summary>
public sealed class MouthStage : IStageRunner
{
    private static readonly (float, float, float) Black = (0f, 0f, 0f);
    private readonly TrainingContext _ctx;
    private readonly MouthStageSettings _s;
    private readonly GaussianFieldOptimizer _gaussians;
    private readonly MotionFieldOptimizer _motion;
    private readonly BranchRenderer _branch;
    private readonly int _warmUp, _shStep, _finalFrom;
    private readonly float[] _target, _image, _dColor, _dAlpha;
    private readonly bool[] _lips, _cut;
    private readonly GreenGaussianFinder _greenFinder = new();
    private readonly StepRecord _record = new();
    private readonly FrameConditions _conditions;
    private readonly RasterSettings _onBackground, _onBlack = new() { Background = Black };

    /// <summary>Sets up the stage on <paramref name="state"/>, initialising the mouth branch when it is new.</summary>
    public MouthStage(TrainingContext context, TrainingState state)
    {
        _ctx = context;
        _s = context.Settings.Mouth;
        Iterations = _s.Iterations;
        _warmUp = StageFraction.Of(_s.WarmUpFraction, Iterations);
        _shStep = Math.Max(1, StageFraction.Of(_s.ShDegreeStepFraction, Iterations));
        _finalFrom = StageFraction.Of(_s.FinalFraction, Iterations);
        if (state.MouthGaussians is null)
        {
            var field = new GaussianInitializer { Count = _s.InitialGaussians, Seed = context.SeedFor("mouth.init") }.Create();
            state.MouthGaussians = BranchOptimizers.MouthGaussians(context, field);
            var parameters = new float[state.MouthField.ParameterCount];
            state.MouthField.Initialize(parameters, context.SeedFor("mouth.motion"));
            state.MouthMotion = BranchOptimizers.MouthMotion(context, state, parameters);
        }
        _gaussians = state.MouthGaussians;
        _motion = state.MouthMotion!;
        _branch = new BranchRenderer(_gaussians.Field, state.MouthField, MotionBackends.Create(context.Device, state.MouthField, context.MotionBackend),
            context.Rasterizers());

        var dataset = context.Dataset;
        var metrics = new FrameMetrics(f => Count(dataset.Images(f).Masks.Mouth));
        Sampler = new IncrementalSampler(dataset.Train.Frames, SamplerPresets.Mouth(dataset.ActionUnits, _s.Sampling, Iterations, _warmUp), metrics,
            new TrainingRandom(context.SeedFor("mouth.sampler")));
        Random = new TrainingRandom(context.SeedFor("mouth.draws"));
        int plane = context.Width * context.Height;
        _target = new float[3 * plane];
        _image = new float[3 * plane];
        _dColor = new float[3 * plane];
        _dAlpha = new float[plane];
        _lips = new bool[plane];
        _cut = new bool[plane];
        _conditions = new FrameConditions(dataset);
        _onBackground = new RasterSettings { Background = context.Background };
    }

    /// <inheritdoc />
    public TrainingStage Stage => TrainingStage.Mouth;

    /// <inheritdoc />
    public int Iterations { get; }

    /// <inheritdoc />
    public IncrementalSampler Sampler { get; }

    /// <inheritdoc />
    public TrainingRandom Random { get; }

    /// <summary>The iteration motion learning starts at.</summary>
    public int WarmUp => _warmUp;

    /// <inheritdoc />
    public StepRecord Step(int it)
    {
        var rec = _record;
        rec.Begin(Stage, it);
        var timer = rec.Timer;
        var field = _gaussians.Field;
        int w = _ctx.Width, h = _ctx.Height, plane = w * h;

        var sample = Sampler.Next(it);
        var frame = sample.Frame;
        if (Sampler.Upcoming is { } next) _ctx.Dataset.Cache.Prefetch(next.ImgId); // decoded in the background during this step
        var images = _ctx.Dataset.Images(frame);
        rec.Sample = sample;
        timer.Lap(StepPhase.Data);

        bool final = it > _finalFrom;
        bool deformed = it >= _warmUp;
        bool motionTrained = deformed && !final;
        rec.Deformed = deformed;
        _gaussians.SetTrainable(geometry: !final, opacity: !final, color: true);
        field.ActiveShDegree = Math.Min(field.ShDegree, it / _shStep);
        var bg = final ? Black : _ctx.Background;
        var raster = final ? _onBlack : _onBackground;
        var condition = deformed ? _conditions.Load(frame).Mouth : null;
        var output = _branch.Forward(_motion.Parameters, condition, frame.Camera, raster, withAttention: false, saveContext: motionTrained, timer);

        // Render: lips box XOR inside mouth painted the background; target: the inside mouth on the background.
        var mouth = images.Masks.Mouth;
        ImageMasks.Rectangle(frame.Lips, w, h, _lips);
        for (int p = 0; p < plane; p++) _cut[p] = _lips[p] ^ mouth[p];
        output.Color.AsSpan(0, 3 * plane).CopyTo(_image);
        ImageMasks.Paint(_image, _cut, bg);
        StageImages.Masked(images.GroundTruth.Pixels, mouth, bg, _target);

        Array.Clear(_dColor);
        Array.Clear(_dAlpha);
        var photo = _ctx.Photometric.Evaluate(_image, _target, w, h, _ctx.Settings.SsimWeight, _dColor);
        rec.Add("l1", photo.L1);
        rec.Add("dssim", _ctx.Settings.SsimWeight * photo.DSsim);
        rec.Psnr = StageImages.Psnr(_image, _target);
        if (it > _warmUp) rec.Add("alpha", Regularizers.AlphaMask(output.Alpha, _lips, _s.AlphaWeight, _dAlpha));
        if (final && _ctx.Perceptual is { } perceptual)
        {
            int p = 2 * Random.NextInt(_s.PatchSizeMin / 2, _s.PatchSizeMax / 2 + 1);
            rec.Add("lpips", perceptual.PatchMean(_image, _target, w, h, p, _s.PatchLpipsWeight, _dColor));
        }
        ImageMasks.ZeroWhere(_dColor, _cut);
        timer.Lap(StepPhase.Loss);

        _gaussians.ZeroGradients();
        _motion.ZeroGradients();
        _branch.Backward(_dColor, _dAlpha, [], _gaussians, motionTrained ? _motion : null, null, timer);
        _gaussians.Step(it);
        rec.PositionLearningRate = final ? 0 : _gaussians.Adam["xyz"].LearningRate;
        if (motionTrained)
        {
            _motion.Step(it);
            rec.MotionFactor = _motion.Factor(it);
        }
        timer.Lap(StepPhase.Optimizer);

        var densifier = _gaussians.Densifier;
        if (densifier.Settings.CollectsStatisticsAt(it)) densifier.AccumulateStatistics(_branch.Means2DGradient, output.Radii);
        if (densifier.Settings.DensifiesAt(it))
        {
            var remap = _gaussians.DensifyAndPrune(it);
            rec.Densified = (remap.Cloned, remap.Split, remap.Pruned);
            int found = _greenFinder.Mark(_gaussians.Field, frame.Camera, GreenBackgroundGaussians.Mouth);
            if (found > 0) GreenBackgroundGaussians.ResetForMouth(_gaussians.Field, _greenFinder.Marked);
            rec.BackgroundGaussians = found;
        }
        rec.MouthGaussians = _gaussians.Field.Count;
        timer.Lap(StepPhase.Densification);
        return rec;
    }

    /// <inheritdoc />
    /// <remarks>The mouth branch against its training target: the inside mouth on the background, the lips box around it cut.</remarks>
    public void RenderForValidation(int iteration, TalkingFrame frame, FrameImages images, float[] image, float[] target)
    {
        int w = _ctx.Width, h = _ctx.Height;
        bool deformed = iteration >= _warmUp;
        var bg = iteration > _finalFrom ? Black : _ctx.Background;
        var condition = deformed ? _conditions.Load(frame).Mouth : null;
        var output = _branch.Forward(_motion.Parameters, condition, frame.Camera, new RasterSettings { Background = bg }, withAttention: false, saveContext: false);
        output.Color.AsSpan(0, image.Length).CopyTo(image);
        var mouth = images.Masks.Mouth;
        ImageMasks.Rectangle(frame.Lips, w, h, _lips);
        for (int p = 0; p < _cut.Length; p++) _cut[p] = _lips[p] ^ mouth[p];
        ImageMasks.Paint(image, _cut, bg);
        StageImages.Masked(images.GroundTruth.Pixels, mouth, bg, target);
    }

    private static int Count(ReadOnlySpan<bool> mask)
    {
        int n = 0;
        foreach (bool b in mask) if (b) n++;
        return n;
    }

    /// <inheritdoc />
    public void Dispose() => _branch.Dispose();
}
