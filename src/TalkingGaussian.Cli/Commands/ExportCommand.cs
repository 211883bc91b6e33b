using System.CommandLine;
using System.Globalization;
using TalkingGaussian.Data;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Inference;
using TalkingGaussian.Model;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg export</c>, two modes. <c>tg export RUN --frame K --out head.ply</c>: the deformed Gaussians of one frame of a
/// trained head (both branches, <see cref="DeformedHead"/>) as a PLY viewers open. <c>tg export --in FILE.ply --out
/// FILE.ply</c>: converts Gaussians between the native PLY layout (raw parameters, exact) and the standard 3DGS layout;
/// the input layout is detected from its header, so the same command also imports standard files.
/// </summary>
internal static class ExportCommand
{
    /// <summary>Output layouts.</summary>
    public enum Format { Standard, Native }

    /// <summary>Which branches a frame export holds.</summary>
    public enum Branch { Both, Face, Mouth }

    public static Command Create()
    {
        var run = new Argument<string?>("RUN") { Description = "Run folder written by tg train (or its model folder): export the deformed head of one frame. Leave out with --in.", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string?>("--in") { Description = "Gaussian PLY to convert: native (tg) or standard 3DGS layout, detected from its header." };
        var output = new Option<string>("--out") { Description = "PLY to write (atomically).", Required = true };
        var frame = new Option<int?>("--frame") { Description = "With RUN: the frame to export. Without --audio, the recorded frame with this img_id (its own audio and expression); with --audio, frame K of what tg render --audio shows." };
        var audio = new Option<string?>("--audio") { Description = "With RUN: a speech WAV to drive the head (built-in features); pick the moment with --frame K or --time S." };
        var time = new Option<double?>("--time") { Description = "With RUN: the moment in seconds instead of --frame (frame ⌊25·S⌋)." };
        var poses = ModelArguments.Poses();
        var branch = new Option<Branch>("--branch") { Description = "With RUN: both (the head: face then mouth Gaussians in one cloud), face, or mouth.", DefaultValueFactory = _ => Branch.Both };
        var up = new Option<string>("--up") { Description = "Axes of the written file: y (as trained: +y up, the face towards +z) or -y (turned 180° about x, so viewers that take y as down show the head upright).", DefaultValueFactory = _ => "y" };
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
        var data = ModelArguments.Data();
        var backend = CommonOptions.Backend();

        var command = new Command("export",
            "Write Gaussians as a PLY: the deformed head of one frame of a trained model (tg export RUN --frame K), or a conversion between the native and standard 3DGS layouts (tg export --in FILE).");
        command.Arguments.Add(run);
        foreach (var o in new Option[] { input, output, frame, audio, time, poses, branch, up, format, activation, plyScales, force, data, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string? runPath = parse.GetValue(run), inPath = parse.GetValue(input);
            string outPath = parse.GetValue(output)!;
            if ((runPath is null) == (inPath is null))
                throw new UserInputException("give either RUN (tg export RUN --frame K --out head.ply) or --in FILE.ply (a conversion), not both.");
            bool turn = ParseUp(parse.GetValue(up)!);
            var outFormat = parse.GetValue(format);
            if (Directory.Exists(outPath))
                throw new UserInputException($"--out {outPath} is a folder. Give a file path such as {Path.Combine(outPath, "gaussians.ply")}.");
            if (File.Exists(outPath) && !parse.GetValue(force))
                throw new UserInputException($"--out {outPath} already exists. Pass --force to replace it, or choose another path.");

            PersistentGaussianField field;
            string described;
            if (inPath is not null)
            {
                if (parse.GetValue(frame) is not null || parse.GetValue(audio) is not null || parse.GetValue(time) is not null)
                    throw new UserInputException("--frame, --audio and --time choose a frame of a trained model; give RUN, not --in.");
                (field, described) = ReadInput(inPath, outPath, parse.GetValue(activation), parse.GetValue(plyScales));
            }
            else
            {
                (field, described) = DeformedFrame(runPath!, parse.GetValue(frame), parse.GetValue(time), parse.GetValue(audio),
                    parse.GetValue(poses), parse.GetValue(branch), parse.GetValue(data), parse.GetValue(backend));
            }
            if (turn) field = HalfTurnAboutX.Apply(field);

            try
            {
                if (outFormat == Format.Standard) GaussianPly.ExportStandard(field, outPath, parse.GetValue(plyScales));
                else GaussianPly.Save(field, outPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"--out {outPath}: cannot write ({e.Message}). Check the folder exists and is writable.");
            }

            Console.WriteLine(described);
            Console.WriteLine($"wrote {outPath} ({Describe(outFormat == Format.Standard ? GaussianPlyLayout.Standard : GaussianPlyLayout.Native)}, " +
                              (turn ? "turned 180° about x: +y down, the face towards −z" : "+y up, the face towards +z") + ")");
            return 0;
        });
        return command;
    }

    private static (PersistentGaussianField, string) ReadInput(string input, string output, ScaleActivation activation, StandardScaleConvention plyScales)
    {
        if (!File.Exists(input))
            throw new UserInputException($"--in {input}: no such file. Check the path.");
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
            throw new UserInputException($"--out {output} is the input file; tg never overwrites its input. Choose another --out.");
        try
        {
            var layout = GaussianPly.DetectLayout(input);
            var field = layout == GaussianPlyLayout.Native ? GaussianPly.Load(input) : GaussianPly.ImportStandard(input, activation, plyScales);
            return (field, $"read {field.Count} Gaussians from {input} ({Describe(layout)}, SH degree {field.ShDegree}, {field.ScaleActivation.ToString().ToLowerInvariant()} scales)");
        }
        catch (PlyFormatException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    private static (PersistentGaussianField, string) DeformedFrame(string runPath, int? frame, double? time, string? audio, string? poses,
        Branch branch, string? data, Compute.ComputeBackend backend)
    {
        if ((frame is null) == (time is null)) throw new UserInputException("give the frame to export: --frame K or --time S (one of them).");
        if (time is < 0) throw new UserInputException($"--time must be 0 or more, got {time}.");
        int k = frame ?? (int)Math.Floor(time!.Value * DrivingAudio.AudioFrameRate + 1e-9);
        if (k < 0) throw new UserInputException($"--frame must be 0 or more, got {k}.");
        if (audio is not null && !File.Exists(audio)) throw new UserInputException($"--audio {audio}: no such file.");

        var model = ModelArguments.Load(runPath);
        var files = ModelArguments.Dataset(model, data);
        float[] window, expression;
        string moment;
        try
        {
            if (audio is null)
            {
                if (poses is not null) throw new UserInputException("--poses goes with --audio; without it the frame is the recorded frame img_id K with its own expression.");
                var features = DrivingAudio.FromFeatures(files.AudioFeatures(model.Info.AudioExtractor), model.Info.AudioExtractor, null);
                var actionUnits = new ActionUnitFeatures(ActionUnitTable.Read(files.ActionUnits));
                if (k >= actionUnits.RowCount || k >= features.Frames)
                    throw new UserInputException($"--frame {k}: the dataset {files.Root} has frames 0–{Math.Min(actionUnits.RowCount, features.Frames) - 1}.");
                window = new float[features.Features.WindowLength];
                features.Window(k, window);
                expression = actionUnits.Expression(k);
                moment = $"recorded frame {k} of {files.Root} ({k / 25.0:F2} s)";
            }
            else
            {
                var driving = DrivingAudio.FromWav(audio, model.Info.AudioExtractor);
                if (k >= driving.Frames) throw new UserInputException($"--frame {k}: {audio} gives frames 0–{driving.Frames - 1} ({driving.Frames / 25.0:F2} s).");
                var track = ModelArguments.PoseTrack(poses ?? "train", files, model);
                window = new float[driving.Features.WindowLength];
                driving.Window(k, window);
                expression = (float[])track.At(k).Expression.Clone();
                moment = $"frame {k} ({k / 25.0:F2} s) of {audio}, expression of {track.Source}";
            }
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new UserInputException(e.Message);
        }
        var (face, mouth) = DeformedHead.Compute(model, window, expression, DeviceFactory.Get(backend));
        var field = branch switch
        {
            Branch.Face => face,
            Branch.Mouth => mouth,
            _ => DeformedHead.Merge(face, mouth),
        };
        string what = branch == Branch.Both ? $"{face.Count} face + {mouth.Count} mouth Gaussians" : $"{field.Count} {branch.ToString().ToLowerInvariant()} Gaussians";
        return (field, string.Create(CultureInfo.InvariantCulture, $"deformed {what} for {moment}"));
    }

    private static bool ParseUp(string text) => text.Trim().ToLowerInvariant() switch
    {
        "y" or "+y" => false,
        "-y" => true,
        _ => throw new UserInputException($"--up takes y (as trained) or -y (for viewers whose y axis points down), got '{text}'."),
    };

    private static string Describe(GaussianPlyLayout layout) =>
        layout == GaussianPlyLayout.Native ? "native tg layout" : "standard 3DGS layout";
}
