using TalkingGaussian.Compute;

namespace TalkingGaussian.Cli;

/// <summary>
/// The compute device a command asked for: one per backend per process, created on first use and never disposed (the
/// process exit releases it). Disposing an ILGPU CPU accelerator while another one is in use has given the other wrong
/// results, and commands also run inside the test host. "No CUDA device" becomes a user error.
/// </summary>
internal static class DeviceFactory
{
    private static readonly Dictionary<ComputeBackend, ComputeDevice> Devices = new();

    public static ComputeDevice Get(ComputeBackend backend)
    {
        lock (Devices)
        {
            if (Devices.TryGetValue(backend, out var device)) return device;
            try
            {
                device = ComputeDevice.Create(backend);
            }
            catch (InvalidOperationException e)
            {
                throw new UserInputException(e.Message);
            }
            Devices[backend] = device;
            return device;
        }
    }
}
