using System.CommandLine;
using TalkingGaussian.Preparation;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg models fetch</c>: the one set-up step that brings the preparation models (and, for tests, real photos) into the cache.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "The models tg prepare uses (MediaPipe face detector, face mesh, face geometry, selfie segmentation).");
        command.Subcommands.Add(Fetch());
        return command;
    }

    private static Command Fetch()
    {
        var dir = new Option<string?>("--dir") { Description = "Cache folder (default: $TG_MODELS, else $XDG_CACHE_HOME/talkinggaussian/models, else ~/.cache/talkinggaussian/models)." };
        var photos = new Option<bool>("--test-photos") { Description = "Also fetch the real face photos the tests use (@vladmandic/face-api demo/, MIT)." };
        var command = new Command("fetch", "Fetch the models once with `npm pack` of pinned package versions, check their sha256 and keep them in the cache folder. Files already there are not fetched again.");
        command.Options.Add(dir);
        command.Options.Add(photos);
        command.SetAction(parse =>
        {
            var store = parse.GetValue(dir) is { } d ? new ModelStore(d) : ModelStore.Default();
            var wanted = ModelStore.Models.Concat(parse.GetValue(photos) ? ModelStore.TestPhotos : []).ToList();
            try
            {
                var fetched = store.Fetch(wanted, Console.WriteLine);
                Console.WriteLine($"{store.Folder}: {wanted.Count} files ready ({fetched.Count} fetched now, {wanted.Count - fetched.Count} already there)");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new UserInputException(e.Message);
            }
        });
        return command;
    }
}
