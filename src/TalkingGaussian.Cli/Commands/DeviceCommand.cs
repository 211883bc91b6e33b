using System.CommandLine;
using TalkingGaussian.Compute;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg device</c>: which accelerator the kernels would run on.</summary>
internal static class DeviceCommand
{
    public static Command Create()
    {
        var backend = CommonOptions.Backend();
        var command = new Command("device", "Print the compute device kernels run on (CUDA if present, else the CPU accelerator).");
        command.Options.Add(backend);
        command.SetAction(parse =>
        {
            var device = DeviceFactory.Get(parse.GetValue(backend));
            Console.WriteLine($"device: {device.Description}");
            Console.WriteLine($"parallel threads: {device.ParallelThreads}");
            return 0;
        });
        return command;
    }
}
