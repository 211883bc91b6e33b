using System.CommandLine;
using TalkingGaussian.Gaussians;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg export</c>: converts Gaussians between the native PLY layout (raw parameters, exact) and the standard 3DGS layout
/// viewers open. The input layout is detected from its header, so the same command also imports standard files.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Output layouts.</summary>
    public enum Format { Standard, Native }

    public static Command Create()
    {
        var input = new Option<string>("--in")
        {
            Description = "Gaussian PLY to read: native (tg) or standard 3DGS layout, detected from its header.",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "PLY to write (atomically).", Required = true };
        var format = new Option<Format>("--format")
        {
            Description = "Layout to write: standard (3DGS viewers; log scales) or native (exact raw parameters).",
            DefaultValueFactory = _ => Format.Standard,
        };
        var activation = new Option<ScaleActivation>("--scale-activation")
        {
            Description = "When reading a standard file: the scale activation of the field it becomes (softplus as released, or exp).",
            DefaultValueFactory = _ => ScaleActivation.Softplus,
        };
        var plyScales = new Option<StandardScaleConvention>("--ply-scales")
        {
            Description = "How a standard file stores scale_*: log (3DGS viewers) or softplus (the released TalkingGaussian's point_cloud.ply). Applies to --in and --out.",
            DefaultValueFactory = _ => StandardScaleConvention.Log,
        };
        var force = new Option<bool>("--force") { Description = "Replace --out if it exists." };

        var command = new Command("export",
            "Convert Gaussians between the native PLY layout and the standard 3DGS layout (import: --in standard.ply --format native).");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(format);
        command.Options.Add(activation);
        command.Options.Add(plyScales);
        command.Options.Add(force);
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(format),
            parse.GetValue(activation), parse.GetValue(plyScales), parse.GetValue(force)));
        return command;
    }

    private static int Run(string input, string output, Format format, ScaleActivation activation, StandardScaleConvention plyScales, bool force)
    {
        if (!File.Exists(input))
            throw new UserInputException($"--in {input}: no such file. Check the path.");
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new UserInputException($"--out {output} is the input file; tg never overwrites its input. Choose another --out.");
        if (File.Exists(output) && !force)
            throw new UserInputException($"--out {output} already exists. Pass --force to replace it, or choose another path.");
        if (Directory.Exists(output))
            throw new UserInputException($"--out {output} is a folder. Give a file path such as {Path.Combine(output, "gaussians.ply")}.");

        PersistentGaussianField field;
        GaussianPlyLayout layout;
        try
        {
            layout = GaussianPly.DetectLayout(input);
            field = layout == GaussianPlyLayout.Native ? GaussianPly.Load(input) : GaussianPly.ImportStandard(input, activation, plyScales);
        }
        catch (PlyFormatException e)
        {
            throw new UserInputException(e.Message);
        }

        try
        {
            if (format == Format.Standard) GaussianPly.ExportStandard(field, output, plyScales);
            else GaussianPly.Save(field, output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--out {output}: cannot write ({e.Message}). Check the folder exists and is writable.");
        }

        Console.WriteLine($"read {field.Count} Gaussians from {input} ({Describe(layout)}, SH degree {field.ShDegree}, {field.ScaleActivation.ToString().ToLowerInvariant()} scales)");
        Console.WriteLine($"wrote {output} ({Describe(format == Format.Standard ? GaussianPlyLayout.Standard : GaussianPlyLayout.Native)})");
        return 0;
    }

    private static string Describe(GaussianPlyLayout layout) =>
        layout == GaussianPlyLayout.Native ? "native tg layout" : "standard 3DGS layout";
}
