using TalkingGaussian.Compute;

namespace TalkingGaussian.Training.Losses;

/// <summary>Picks an <see cref="IPhotometricLoss"/>: the ILGPU kernels on a device, or the scalar reference.</summary>
public static class PhotometricLosses
{
    /// <summary>
    /// The kernel implementation on <paramref name="device"/>, or with <paramref name="reference"/> the scalar reference
    /// (slow; for checks and <c>tg bench</c>'s reference column).
    /// </summary>
    public static IPhotometricLoss Create(ComputeDevice device, bool reference = false) =>
        reference ? new ReferencePhotometricLoss() : new KernelPhotometricLoss(device);
}
