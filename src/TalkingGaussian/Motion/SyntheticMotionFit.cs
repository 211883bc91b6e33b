using TalkingGaussian.Compute;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Training;

namespace TalkingGaussian.Motion;

/// <summary>
/// Teaches a face motion field (paper Eq. 6, released sizes and AdamW groups) the toy motion of
/// <see cref="SyntheticMotion"/>: each step takes one random frame, encodes its audio window and expression, predicts
/// δ for every Gaussian of the head, and moves the parameters against its squared error from the known target
/// deformation: Δμ the jaw and eyelid translation, Δq = Δs = 0 (the toy motion neither turns nor scales a Gaussian, and
/// Eq. 4 applies both, so left free they would change the picture). Real training supervises through rendered images
/// (Eq. 9–10); here the target is known, so the loss is on δ directly, which is what makes a few hundred steps enough.
/// Notebook 03 runs it with the default settings.
/// </summary>
public sealed class SyntheticMotionFit : IDisposable
{
    /// <summary>Errors are measured in units of the decoder output h = Δμ / 0.01, so gradients sit well above AdamW's ε = 1e-8.</summary>
    public const float LossUnit = 0.01f;

    private readonly MotionDeltas _deltas = new(MotionDeltas.FaceStride);
    private readonly MotionDeltas _upstream = new(MotionDeltas.FaceStride);
    private readonly float[] _gradients, _meanGradient;
    private readonly Random _order;
    private readonly List<double> _losses = [];
    private readonly List<(int Step, double Loss)> _evaluations = [];

    /// <summary>Builds the head, the field, its parameters (seeded), the optimiser and the backend on <paramref name="device"/>.</summary>
    public SyntheticMotionFit(ComputeDevice device, SyntheticMotionFitSettings? settings = null)
    {
        Settings = settings ?? new SyntheticMotionFitSettings();
        Settings.Validate();
        Head = SyntheticMotion.Head(Settings.Gaussians);
        Field = new FaceMotionField();
        Parameters = new float[Field.ParameterCount];
        _gradients = new float[Field.ParameterCount];
        _meanGradient = new float[Head.Means.Length];
        Field.Initialize(Parameters, Settings.Seed);
        Optimizer = AdamOptimizer.ForMotionFields(Field.ParameterGroups(Parameters, _gradients));
        Signals = new SyntheticMotion(Field.Settings.Audio);
        Frame = Field.CreateFrame();
        Backend = MotionBackends.Face(device, Field);
        _order = new Random(Settings.Seed);
    }

    /// <summary>The budget and seed.</summary>
    public SyntheticMotionFitSettings Settings { get; }

    /// <summary>The stylised head whose motion is learnt (canonical θ_C; only its means enter the field).</summary>
    public PersistentGaussianField Head { get; }

    /// <summary>The face motion field (sizes, layout, scalar reference).</summary>
    public FaceMotionField Field { get; }

    /// <summary>The field's flat parameter buffer, updated in place by every step.</summary>
    public float[] Parameters { get; }

    /// <summary>
    /// The per-Gaussian passes, the fastest for the device (<see cref="MotionBackends"/>: SIMD C# on a CPU with AVX2,
    /// ILGPU kernels on a GPU).
    /// </summary>
    public IMotionFieldBackend Backend { get; }

    /// <summary>The released AdamW with its per-module groups.</summary>
    public AdamOptimizer Optimizer { get; }

    /// <summary>The synthetic speech and blink signals and their audio windows.</summary>
    public SyntheticMotion Signals { get; }

    /// <summary>The frame last encoded by <see cref="Step"/>, <see cref="Evaluate"/> or <see cref="Predict"/>.</summary>
    public MotionFrame Frame { get; }

    /// <summary>Steps taken so far.</summary>
    public int StepsTaken => _losses.Count;

    /// <summary>The loss of every step taken, on that step's frame (noisy: frames differ in how far the jaw opens).</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>(steps taken, <see cref="Evaluate"/>) at each evaluation <see cref="Run"/> made.</summary>
    public IReadOnlyList<(int Step, double Loss)> Evaluations => _evaluations;

    /// <summary>The frames <see cref="Evaluate"/> averages over: <see cref="SyntheticMotionFitSettings.EvaluationFrames"/> evenly spaced.</summary>
    public int[] EvaluationFrames
    {
        get
        {
            var frames = new int[Settings.EvaluationFrames];
            for (int k = 0; k < frames.Length; k++) frames[k] = (int)((k + 0.5) * Settings.Frames / frames.Length);
            return frames;
        }
    }

    /// <summary>
    /// The condition of frame <paramref name="t"/>: its audio window (noise seeded by the frame, so a frame always sounds the
    /// same) and its expression.
    /// </summary>
    public MotionCondition Condition(int t) => new(
        Signals.AudioWindow(t, Settings.Frames, SyntheticMotion.Openness, new Random(unchecked(Settings.Seed * 100_003 + t))),
        SyntheticMotion.Expression(SyntheticMotion.Blink(t)));

    /// <summary>Writes δ of every Gaussian at frame <paramref name="t"/> into <paramref name="deltas"/> (no backward context kept).</summary>
    public void Predict(int t, MotionDeltas deltas)
    {
        Field.EncodeFrame(Parameters, Condition(t), Frame);
        Backend.Forward(Parameters, Frame, Head.Means, deltas, saveContext: false);
    }

    /// <summary>
    /// One AdamW step on a random frame at the scheduled learning rates; returns the frame's loss before the step,
    /// the mean over Gaussians of ‖(Δμ − Δμ*) / <see cref="LossUnit"/>‖² + ‖Δq‖² + ‖Δs‖² (Δμ* the target translation).
    /// </summary>
    public double Step()
    {
        LearningRateSchedules.ApplyFactor(Optimizer,
            LearningRateSchedules.ExponentialDecay(StepsTaken, Settings.InitialRateFactor, Settings.FinalRateFactor, Settings.Steps));
        int t = _order.Next(Settings.Frames);
        Field.EncodeFrame(Parameters, Condition(t), Frame);                        // a = AudioAtt(AudioNet(window)), encoded e
        Backend.Forward(Parameters, Frame, Head.Means, _deltas);                   // δ_i for every Gaussian (Eq. 6)
        double loss = Loss(t, _deltas, _upstream);
        Optimizer.ZeroGradients();
        Backend.Backward(Parameters, Frame, _upstream, _gradients, _meanGradient); // per-Gaussian pass, then the per-frame networks
        Optimizer.Step();
        _losses.Add(loss);
        return loss;
    }

    /// <summary>
    /// The mean loss over <see cref="EvaluationFrames"/>: the same frames and windows every time, so it shows the trend the
    /// per-step loss hides.
    /// </summary>
    public double Evaluate()
    {
        double sum = 0;
        var frames = EvaluationFrames;
        foreach (int t in frames)
        {
            Predict(t, _deltas);
            sum += Loss(t, _deltas, null);
        }
        return sum / frames.Length;
    }

    /// <summary>
    /// Takes the remaining steps of <see cref="SyntheticMotionFitSettings.Steps"/>, evaluating before the first, every
    /// <see cref="SyntheticMotionFitSettings.EvaluateEvery"/> steps and after the last; <paramref name="report"/> sees each evaluation.
    /// </summary>
    public void Run(Action<int, double>? report = null)
    {
        void Evaluation()
        {
            double loss = Evaluate();
            _evaluations.Add((StepsTaken, loss));
            report?.Invoke(StepsTaken, loss);
        }

        if (_evaluations.Count == 0 || _evaluations[^1].Step != StepsTaken) Evaluation();
        while (StepsTaken < Settings.Steps)
        {
            Step();
            if (StepsTaken % Settings.EvaluateEvery == 0 || StepsTaken == Settings.Steps) Evaluation();
        }
    }

    /// <summary>Frees the backend's device buffers.</summary>
    public void Dispose() => Backend.Dispose();

    /// <summary>The loss of frame <paramref name="t"/> for <paramref name="deltas"/>; with <paramref name="gradient"/>, also ∂loss/∂δ.</summary>
    internal double Loss(int t, MotionDeltas deltas, MotionDeltas? gradient)
    {
        float openness = SyntheticMotion.Openness(t), blink = SyntheticMotion.Blink(t);
        int n = Head.Count, stride = MotionDeltas.FaceStride;
        gradient?.Resize(n);
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            var d = deltas.Values.AsSpan(i * stride, stride);
            var target = SyntheticMotion.TargetTranslation(Head.Means.AsSpan(3 * i, 3), openness, blink);
            int m = MotionDeltas.TranslationOffset, q = MotionDeltas.RotationOffset, s = MotionDeltas.ScaleOffset;
            float ex = (d[m] - target.X) / LossUnit, ey = (d[m + 1] - target.Y) / LossUnit, ez = (d[m + 2] - target.Z) / LossUnit;
            loss += ex * ex + ey * ey + ez * ez;
            for (int k = q; k < q + 4; k++) loss += d[k] * d[k]; // Δq* = 0
            for (int k = s; k < s + 3; k++) loss += d[k] * d[k]; // Δs* = 0
            if (gradient is null) continue;
            var g = gradient.Values.AsSpan(i * stride, stride);
            float unit = 2f / (LossUnit * n);
            g[m] = unit * ex;
            g[m + 1] = unit * ey;
            g[m + 2] = unit * ez;
            for (int k = q; k < q + 4; k++) g[k] = 2f * d[k] / n;
            for (int k = s; k < s + 3; k++) g[k] = 2f * d[k] / n;
        }
        return loss / n;
    }
}
