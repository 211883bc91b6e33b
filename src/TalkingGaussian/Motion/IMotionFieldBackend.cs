namespace TalkingGaussian.Motion;

/// <summary>
/// The per-Gaussian part of a motion field (paper Eq. 6 or 7) behind one seam, so the trainer, the renderer and the
/// notebooks do not care which implementation runs: the scalar reference (<see cref="ReferenceMotionBackend"/>), the
/// ILGPU kernels (<see cref="Kernels.FaceMotionKernels"/>, <see cref="Kernels.MouthMotionKernels"/>), or a faster CPU path.
/// <see cref="MotionBackends"/> picks one for a device. An instance keeps the context of its last forward pass for the
/// backward pass and reuses its buffers; use one instance per concurrent use.
/// </summary>
public interface IMotionFieldBackend : IDisposable
{
    /// <summary>Row width of the deltas it writes: <see cref="MotionDeltas.FaceStride"/> or <see cref="MotionDeltas.MouthStride"/>.</summary>
    int Stride { get; }

    /// <summary>
    /// Per-Gaussian forward pass for <paramref name="means"/> [N, 3] under the encoded <paramref name="frame"/>; writes
    /// <paramref name="output"/>. With <paramref name="saveContext"/> what <see cref="Backward"/> needs is kept.
    /// </summary>
    void Forward(ReadOnlySpan<float> parameters, MotionFrame frame, ReadOnlySpan<float> means, MotionDeltas output, bool saveContext = true);

    /// <summary>
    /// Backward pass of the last <see cref="Forward"/> (with its context saved): adds ∂L/∂parameters of every module (the
    /// per-Gaussian part and the per-frame audio/expression networks) into <paramref name="gradient"/>, and ∂L/∂μ through
    /// the tri-plane encoder into <paramref name="meanGradient"/> [N, 3].
    /// </summary>
    void Backward(ReadOnlySpan<float> parameters, MotionFrame frame, MotionDeltas outputGradient, Span<float> gradient, Span<float> meanGradient);
}
