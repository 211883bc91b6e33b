namespace TalkingGaussian.Tests;

/// <summary>
/// Tests that use process-wide state run one at a time and alone: those that redirect the Console (in-process <c>tg</c>
/// runs) and those that launch ILGPU kernels. Kernel launches from parallel test classes on one CPU accelerator, or on
/// several accelerators of the process, intermittently gave wrong images or crashed the test host.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "Exclusive";
}
