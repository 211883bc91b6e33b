using System.CommandLine;
using TalkingGaussian.Data;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg data check DIR</c>: validates a dataset folder and lists every problem with its file and fix.</summary>
internal static class DataCommand
{
    /// <summary>Problems printed per kind before the rest are counted.</summary>
    private const int PerKind = 25;

    public static Command Create()
    {
        var command = new Command("data", "Dataset tools.");
        command.Subcommands.Add(Check());
        return command;
    }

    private static Command Check()
    {
        var dir = new Argument<string>("DIR") { Description = "Dataset folder (the one holding transforms_train.json)." };
        var extractor = new Option<string>("--audio-extractor") { Description = "Audio feature file to check: deepspeech (aud_ds.npy), esperanto (aud_eo.npy) or hubert (aud_hu.npy).", DefaultValueFactory = _ => "deepspeech" };
        var deep = new Option<bool>("--deep") { Description = "Decode every image fully instead of reading its header (slower; catches files damaged after the header)." };
        var all = new Option<bool>("--all") { Description = $"Print every problem (default: the first {PerKind} of each kind, then a count)." };
        var command = new Command("check", "Validate a dataset before training: missing or unreadable files, frame/AU/audio counts, image sizes, landmark counts, NaNs. Exit code 1 when there are problems.");
        command.Arguments.Add(dir);
        command.Options.Add(extractor);
        command.Options.Add(deep);
        command.Options.Add(all);
        command.SetAction(parse =>
        {
            AudioExtractor kind;
            try
            {
                kind = AudioExtractors.Parse(parse.GetValue(extractor)!);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }
            var root = parse.GetValue(dir)!;
            var problems = DatasetValidator.Validate(root, kind, parse.GetValue(deep), Console.WriteLine);
            if (problems.Count == 0)
            {
                var files = new DatasetFiles(root);
                int train = TransformsFile.Read(files.Transforms(DatasetSplit.Train)).Frames.Count;
                int val = TransformsFile.Read(files.Transforms(DatasetSplit.Val)).Frames.Count;
                var size = SixLabors.ImageSharp.Image.Identify(files.Background);
                var (_, shape) = Data.Npy.NpyReader.ReadHeader(files.AudioFeatures(kind));
                Console.WriteLine($"{files.Root}: OK. {train} train + {val} val frames, {size?.Width}×{size?.Height}, {kind} features [{string.Join(", ", shape)}].");
                return 0;
            }
            bool every = parse.GetValue(all);
            Console.Error.WriteLine($"{Path.GetFullPath(root)}: {problems.Count} problem(s).");
            foreach (var group in problems.GroupBy(p => p.Kind))
            {
                Console.Error.WriteLine($"[{group.Key}] {group.Count()}");
                foreach (var p in every ? group : group.Take(PerKind))
                    Console.Error.WriteLine($"  {p.File}: {p.Problem}\n    fix: {p.Fix}");
                if (!every && group.Count() > PerKind) Console.Error.WriteLine($"  … {group.Count() - PerKind} more of this kind (pass --all to list them).");
            }
            return 1;
        });
        return command;
    }
}
