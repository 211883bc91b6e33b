using System.CommandLine;
using TalkingGaussian.Compute;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Cli.Commands;

/// <summary><c>tg demo</c>: renders the built-in Gaussian head through the kernel rasterizer to a PNG.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "PNG file to write.", DefaultValueFactory = _ => Path.Combine("out", "demo.png") };
        var width = new Option<int>("--width") { Description = "Image width in pixels (16–4096).", DefaultValueFactory = _ => 512 };
        var height = new Option<int>("--height") { Description = "Image height in pixels (16–4096).", DefaultValueFactory = _ => 512 };
        var gaussians = new Option<int>("--gaussians") { Description = "Number of Gaussians in the head (100–2000000).", DefaultValueFactory = _ => 30000 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the scene.", DefaultValueFactory = _ => 7 };
        var backend = CommonOptions.Backend();
        var command = new Command("demo", "Render the built-in demo scene (a stylised head of 3D Gaussians) to a PNG and print its path.");
        foreach (var o in new Option[] { output, width, height, gaussians, seed, backend }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            int w = parse.GetValue(width), h = parse.GetValue(height), n = parse.GetValue(gaussians);
            string path = parse.GetValue(output)!;
            if (w is < 16 or > 4096 || h is < 16 or > 4096)
                throw new UserInputException($"--width and --height must lie in 16–4096, got {w}×{h}.");
            if (n is < 100 or > 2_000_000) throw new UserInputException($"--gaussians must lie in 100–2000000, got {n}.");
            if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
                throw new UserInputException($"--out must name a PNG file, got '{path}'.");
            var device = DeviceFactory.Get(parse.GetValue(backend));
            using var rasterizer = new IlgpuRasterizer(device);
            var scene = SyntheticScenes.Head(n, parse.GetValue(seed));
            var camera = SyntheticScenes.FrontCamera(w, h, distance: 3.6f, fovY: 0.7f);
            var image = rasterizer.Forward(scene, camera, new RasterSettings { Background = (0.86f, 0.9f, 0.95f) });
            try
            {
                ImageIO.SavePng(path, image.Color, w, h);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"cannot write '{path}': {e.Message}");
            }
            Console.WriteLine(Path.GetFullPath(path));
            return 0;
        });
        return command;
    }
}
