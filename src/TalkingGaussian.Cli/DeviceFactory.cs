using TalkingGaussian.Compute;

namespace TalkingGaussian.Cli;

/// <summary>Creates the compute device a command asked for, turning "no CUDA device" into a user error.</summary>
internal static class DeviceFactory
{
    public static ComputeDevice Create(ComputeBackend backend)
    {
        try
        {
            return ComputeDevice.Create(backend);
        }
        catch (InvalidOperationException e)
        {
            throw new UserInputException(e.Message);
        }
    }
}
