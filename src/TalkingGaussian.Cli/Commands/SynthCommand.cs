using System.CommandLine;
using TalkingGaussian.Compute;
using TalkingGaussian.Data.Synthetic;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg synth DIR</c>: writes the synthetic speaker dataset (the embedded default dataset) in the original's format.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Output folder (must not exist or be empty, unless --overwrite)." };
        var audio = new Option<string?>("--audio") { Description = "Speech WAV to drive the head (any rate; converted to 16 kHz mono). Default: espeak-ng if installed, else a built-in voiced signal." };
        var text = new Option<string?>("--text") { Description = "Text for espeak-ng to speak when no --audio is given." };
        var builtIn = new Option<bool>("--builtin-voice") { Description = "Use the built-in voiced signal even when espeak-ng is installed." };
        var size = new Option<int>("--size") { Description = "Frame width and height in pixels (32–2048).", DefaultValueFactory = _ => 256 };
        var frames = new Option<int>("--max-frames") { Description = "Most frames to write; longer audio is cut (0 = all).", DefaultValueFactory = _ => 250 };
        var seed = new Option<int>("--seed") { Description = "Seed of the head, blinks, expressions and pose drift.", DefaultValueFactory = _ => 1 };
        var voiceSeed = new Option<int?>("--voice-seed") { Description = "Seed of the built-in voice (default: --seed); another one speaks new syllables to the same head." };
        var framesOnly = new Option<bool>("--frames-only") { Description = "Write only ground-truth frames, landmarks, au.csv, transforms and audio (e.g. truth for new audio, same head and seed)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace DIR if it exists (swapped out only once the new folder is complete)." };
        var threads = new Option<int>("--threads") { Description = "Render threads on the CPU (one scalar reference rasterizer each).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var backend = CommonOptions.Backend();
        backend.Description = "auto: the ILGPU rasterizer on CUDA when present, else the scalar reference rasterizer on every CPU thread (faster than the CPU accelerator here); cpu; cuda.";
        var command = new Command("synth", "Write the synthetic speaker: a procedural Gaussian head talking to speech, as a dataset folder in the original TalkingGaussian format.");
        command.Arguments.Add(dir);
        foreach (var o in new Option[] { audio, text, builtIn, size, frames, seed, voiceSeed, framesOnly, overwrite, threads, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var audioPath = parse.GetValue(audio);
            if (audioPath is not null && !File.Exists(audioPath)) throw new UserInputException($"--audio: {audioPath} does not exist.");
            int s = parse.GetValue(size), max = parse.GetValue(frames), t = parse.GetValue(threads);
            if (s is < 32 or > 2048) throw new UserInputException($"--size must lie in 32–2048, got {s}.");
            if (max < 0) throw new UserInputException($"--max-frames must be 0 (all) or positive, got {max}.");
            if (t < 1) throw new UserInputException($"--threads must be at least 1, got {t}.");
            var device = parse.GetValue(backend) == ComputeBackend.Cpu ? null : DeviceFactory.Get(parse.GetValue(backend));
            bool gpu = device is { IsCpu: false };
            if (gpu) Console.WriteLine($"rendering on {device!.Description}");
            var options = new SyntheticSpeakerOptions
            {
                RasterizerFactory = gpu ? () => new IlgpuRasterizer(device) : () => new ReferenceRasterizer(),
                AudioPath = audioPath,
                Text = parse.GetValue(text) ?? Data.Audio.SpeechSource.DefaultText,
                BuiltInVoice = parse.GetValue(builtIn),
                Size = s,
                MaxFrames = max,
                Seed = parse.GetValue(seed),
                VoiceSeed = parse.GetValue(voiceSeed),
                FramesOnly = parse.GetValue(framesOnly),
                Overwrite = parse.GetValue(overwrite),
                Threads = gpu ? 1 : t,
                Log = Console.WriteLine,
            };
            try
            {
                var result = SyntheticSpeaker.Generate(parse.GetValue(dir)!, options);
                Console.WriteLine(result.Folder);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                throw new UserInputException(e.Message);
            }
        });
        return command;
    }
}
