using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace TalkingGaussian.Notebooks.Running;

/// <summary>
/// The kernel a notebook runs on: a composite kernel with one C# subkernel named "csharp", set up as the stock kernel
/// sets it up, so the same cells behave the same way: <c>display(...)</c> and the other kernel helpers,
/// <c>#r "path.dll"</c> (relative to the working directory, which the runner sets to the notebook's folder, as VS Code
/// and Jupyter do), <c>#r "nuget:Name, Version"</c>, <c>#i "nuget:source"</c>, <c>#!csharp</c>, <c>#!who</c>/<c>#!whos</c>,
/// <c>#!set</c>/<c>#!share</c>, <c>#!import</c> and <c>#!time</c>. Magics that only the stock kernel's host adds (
/// <c>#!about</c>, other languages) fail with the kernel's "Unknown magic command" error naming them.
/// </summary>
internal static class KernelFactory
{
    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseNugetDirective((_, _) => Task.CompletedTask, false)
            .UseValueSharing()
            .UseWho()
            .UseTimeMagic();
        var composite = new CompositeKernel("tg-notebook") { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite.UseImportMagicCommand();
    }
}
