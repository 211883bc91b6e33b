using TalkingGaussian.Data;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Motion;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Model;

/// <summary>
/// The paper's Fig. 3 on a trained head: how chosen face Gaussians move over a sequence of frames. A Gaussian is chosen by
/// the pixel it shows at (the one that contributes most to that pixel of the canonical head, e.g. at a lip or eyelid
/// landmark), and its translation Δμ (Eq. 4) is computed per frame by the face motion field's scalar reference (Eq. 6),
/// which is cheap for a handful of Gaussians.
/// </summary>
public static class DeformationTraces
{
    /// <summary>
    /// The face Gaussian with the largest blending weight α̃T (Eq. 2) at pixel (<paramref name="x"/>, <paramref name="y"/>)
    /// of the undeformed field θ_C seen by <paramref name="camera"/>, or −1 when no Gaussian covers the pixel.
    /// </summary>
    public static int MostVisibleAt(PersistentGaussianField field, Camera camera, float x, float y)
    {
        var inputs = Deformation.Apply(field, null);
        inputs.Colors = new float[3 * inputs.Count]; // the weights do not depend on colour
        inputs.Sh = null;
        var trace = PixelCompositingTrace.At(inputs, camera, Math.Clamp((int)x, 0, camera.Width - 1), Math.Clamp((int)y, 0, camera.Height - 1));
        int best = -1;
        float weight = 0;
        foreach (var step in trace.Steps)
            if (step.Weight > weight) { weight = step.Weight; best = step.Index; }
        return best;
    }

    /// <summary>
    /// Δμ of face Gaussians <paramref name="gaussians"/> for each of <paramref name="frames"/>, driven by the frame's audio
    /// window and expression: [frame][3·k + axis] for the k-th Gaussian (x, y, z in the head's frame; +y is up).
    /// </summary>
    public static float[][] Translations(TalkingHeadModel model, TalkingDataset dataset, IReadOnlyList<TalkingFrame> frames, IReadOnlyList<int> gaussians)
    {
        var face = model.Face;
        var means = new float[3 * gaussians.Count];
        for (int k = 0; k < gaussians.Count; k++)
        {
            int i = gaussians[k];
            if (i < 0 || i >= face.Count) throw new ArgumentOutOfRangeException(nameof(gaussians), $"Gaussian {i} is not one of the face's {face.Count}.");
            Array.Copy(face.Means, 3 * i, means, 3 * k, 3);
        }
        var field = model.FaceField;
        var motionFrame = field.CreateFrame();
        var deltas = new MotionDeltas(MotionDeltas.FaceStride);
        var result = new float[frames.Count][];
        for (int t = 0; t < frames.Count; t++)
        {
            var frame = frames[t];
            field.EncodeFrame(model.FaceMotion, new MotionCondition(dataset.AudioWindow(frame), frame.Expression), motionFrame);
            field.ForwardReference(model.FaceMotion, motionFrame, means, deltas);
            result[t] = new float[3 * gaussians.Count];
            for (int k = 0; k < gaussians.Count; k++)
                for (int a = 0; a < 3; a++) result[t][3 * k + a] = deltas.Values[MotionDeltas.FaceStride * k + MotionDeltas.TranslationOffset + a];
        }
        return result;
    }
}
