using System.CommandLine;
using TalkingGaussian.Media;
using TalkingGaussian.Preparation;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg prepare VIDEO --out DIR</c>: a speech video → a dataset folder; <c>tg prepare --preview DIR</c>: the contact sheet of a dataset.</summary>
internal static class PrepareCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("VIDEO") { Description = "The speech video (25 fps, about 512×512, one face, seconds to minutes), or with --preview alone a dataset folder." };
        var output = new Option<string?>("--out") { Description = "Dataset folder to write (written as DIR.tmp, renamed when complete; a second run resumes DIR.tmp)." };
        var fps = new Option<bool>("--fps-convert") { Description = "Re-time a video that is not 25 fps to 25 fps with ffmpeg (otherwise it is refused)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace DIR if it exists (and discard an unfinished DIR.tmp of another video)." };
        var preview = new Option<bool>("--preview") { Description = "Write the contact sheet preview.png into the dataset; with a dataset folder as the only argument, write just the sheet." };
        var maxFrames = new Option<int>("--max-frames") { Description = "Prepare only the first N frames (0 = all).", DefaultValueFactory = _ => 0 };
        var models = new Option<string?>("--models") { Description = "Model cache folder (default: as `tg models fetch`)." };
        var command = new Command("prepare", "Prepare a dataset from a speech video: frames, 68 landmarks, parsing, teeth, background, torso, head pose, action units and audio features, in the original TalkingGaussian format.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, fps, overwrite, preview, maxFrames, models }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            try
            {
                if (Directory.Exists(source))
                {
                    if (!parse.GetValue(preview)) throw new UserInputException($"{source} is a folder. Give a video to prepare, or add --preview to draw the contact sheet of a dataset folder.");
                    Console.WriteLine(ContactSheet.Write(source, Path.Combine(source, ContactSheet.FileName)));
                    return 0;
                }
                var dir = parse.GetValue(output) ?? throw new UserInputException("--out DIR is required: the dataset folder to write.");
                if (parse.GetValue(maxFrames) < 0) throw new UserInputException($"--max-frames must be 0 (all) or positive, got {parse.GetValue(maxFrames)}.");
                var result = DatasetPreparer.Prepare(source, dir, new PreparationOptions
                {
                    Models = parse.GetValue(models) is { } m ? new ModelStore(m) : null,
                    FpsConvert = parse.GetValue(fps),
                    Overwrite = parse.GetValue(overwrite),
                    Preview = parse.GetValue(preview),
                    MaxFrames = parse.GetValue(maxFrames),
                    Log = Console.WriteLine,
                });
                foreach (var note in result.Notes) Console.WriteLine($"note: {note}");
                if (result.Preview is not null) Console.WriteLine($"contact sheet: {result.Preview}");
                Console.WriteLine(result.Folder);
                return 0;
            }
            catch (PreparationException e)
            {
                throw new UserInputException(e.Message);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ExternalToolMissingException)
            {
                throw new UserInputException(e.Message);
            }
        });
        return command;
    }
}
