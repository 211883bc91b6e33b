using TalkingGaussian.Data;
using TalkingGaussian.Motion;

namespace TalkingGaussian.Training;

/// <summary>
/// The motion conditions of the frame being trained (its audio window and expression, paper Eq. 6–7), in buffers reused from
/// one iteration to the next, so a step allocates no window. <see cref="Load"/> overwrites them; the conditions stay valid
/// until the next call.
/// </summary>
internal sealed class FrameConditions
{
    private readonly TalkingDataset _dataset;
    private readonly float[] _window;
    private float[] _expression = [];

    /// <summary>Buffers for the windows of <paramref name="dataset"/>.</summary>
    public FrameConditions(TalkingDataset dataset)
    {
        _dataset = dataset;
        _window = new float[dataset.Audio.WindowLength];
        Mouth = new MotionCondition(_window, []);
        Face = new MotionCondition(_window, _expression);
    }

    /// <summary>The face field's condition: the window and the expression e.</summary>
    public MotionCondition Face { get; private set; }

    /// <summary>The mouth field's condition: the window alone.</summary>
    public MotionCondition Mouth { get; }

    /// <summary>Copies <paramref name="frame"/>'s window and expression into the buffers.</summary>
    public FrameConditions Load(TalkingFrame frame)
    {
        _dataset.AudioWindow(frame, _window);
        if (_expression.Length != frame.Expression.Length)
        {
            _expression = new float[frame.Expression.Length];
            Face = new MotionCondition(_window, _expression);
        }
        frame.Expression.CopyTo(_expression, 0);
        return this;
    }
}
