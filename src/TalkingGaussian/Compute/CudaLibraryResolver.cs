using System.Runtime.InteropServices;

namespace TalkingGaussian.Compute;

/// <summary>
/// ILGPU 1.5.3 probes only <c>cuda.so</c>/<c>libcuda.so</c> and silently reports "no device" when the unversioned
/// driver link is missing, as it is on most driver-only machines. This resolver adds <c>libcuda.so.1</c>.
/// </summary>
internal static class CudaLibraryResolver
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(ILGPU.Context).Assembly, static (name, _, _) =>
            {
                if (name != "cuda") return IntPtr.Zero;
                foreach (var candidate in new[] { "libcuda.so.1", "libcuda.so", "/usr/local/nvidia/lib64/libcuda.so.1" })
                    if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
                return IntPtr.Zero;
            });
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for ILGPU's assembly (by ILGPU itself under WSL, or by the host): keep it.
        }
    }
}
