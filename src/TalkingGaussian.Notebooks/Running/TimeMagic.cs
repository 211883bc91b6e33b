using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>
/// <c>#!time</c>, as the stock kernel has it: the rest of the cell is timed and "Wall time: N ms" is shown after it.
/// (The stock kernel's host adds this magic; the kernel packages alone do not.)
/// </summary>
internal static class TimeMagic
{
    public static T UseTimeMagic<T>(this T kernel) where T : Kernel
    {
        kernel.AddDirective(new KernelActionDirective("#!time"), (_, context) =>
        {
            var watch = Stopwatch.StartNew();
            context.OnComplete(done =>
            {
                done.DisplayAs(string.Create(CultureInfo.InvariantCulture, $"Wall time: {watch.Elapsed.TotalMilliseconds:F0} ms"), "text/plain");
            });
            return Task.CompletedTask;
        });
        return kernel;
    }
}
