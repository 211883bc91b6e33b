using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace TalkingGaussian.Compute;

/// <summary>
/// Compiles kernels to PTX for sm_90 (H100/H200) with the production context settings, without a GPU.
/// CPU runs accept constructs CUDA rejects (missing intrinsics, exceptions); this catches them on any machine.
/// </summary>
public sealed class PtxCompiler : IDisposable
{
    private readonly Context _context = Context.Create(b => ComputeDevice.ConfigureContext(b.Cuda()));
    private readonly PTXBackend _backend;

    public PtxCompiler()
    {
        _backend = new PTXBackend(_context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_88, null!); // no NVVM: PTX comes from ILGPU itself
    }

    /// <summary>Compiles an explicitly grouped kernel (<c>LoadStreamKernel</c> style) and returns its PTX text.</summary>
    public string CompileExplicitlyGrouped(MethodInfo kernel)
    {
        var entry = EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        var compiled = (PTXCompiledKernel)_backend.Compile(entry, KernelSpecialization.Empty);
        return compiled.PTXAssembly;
    }

    public void Dispose()
    {
        _backend.Dispose();
        _context.Dispose();
    }
}
