using System.CommandLine;
using System.Globalization;
using TalkingGaussian.Gaussians;
using TalkingGaussian.Media;
using TalkingGaussian.Rendering;

namespace TalkingGaussian.Cli.Commands;

/// <summary>
/// <c>tg render-ply FILE.ply</c>: renders any Gaussian PLY (native tg layout or standard 3DGS, detected from the header)
/// to a PNG through the kernel rasterizer, from an orbit camera that frames the cloud (<see cref="CloudFraming"/>).
/// </summary>
internal static class RenderPlyCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("FILE.ply") { Description = "Gaussian PLY: native (tg) or standard 3DGS layout." };
        var output = new Option<string?>("--out") { Description = "PNG to write (default: FILE.png beside the PLY)." };
        var width = new Option<int>("--width") { Description = "Image width in pixels (16–4096).", DefaultValueFactory = _ => 512 };
        var height = new Option<int>("--height") { Description = "Image height in pixels (16–4096).", DefaultValueFactory = _ => 512 };
        var azimuth = new Option<float>("--azimuth") { Description = "Orbit angle about the up axis in degrees (0: from the front, +z for y-up).", DefaultValueFactory = _ => 0f };
        var elevation = new Option<float>("--elevation") { Description = "Angle above the horizontal in degrees (−90–90).", DefaultValueFactory = _ => 0f };
        var distance = new Option<float>("--distance") { Description = "Camera distance from the cloud's centre in scene units (0: frame the cloud).", DefaultValueFactory = _ => 0f };
        var fov = new Option<float>("--fov") { Description = "Vertical field of view in degrees (5–120).", DefaultValueFactory = _ => 30f };
        var up = new Option<string>("--up") { Description = "World axis that is up in the image: y (tg heads), -y (most COLMAP/3DGS scenes), z or -z.", DefaultValueFactory = _ => "y" };
        var background = new Option<string>("--background") { Description = "Background: white, black, grey, or r,g,b in [0, 1].", DefaultValueFactory = _ => "white" };
        var activation = new Option<ScaleActivation>("--scale-activation")
        {
            Description = "For a standard file: the scale activation of the field it becomes (softplus as released, or exp).",
            DefaultValueFactory = _ => ScaleActivation.Softplus,
        };
        var plyScales = new Option<StandardScaleConvention>("--ply-scales")
        {
            Description = "How a standard file stores scale_*: log (3DGS viewers) or softplus (the released TalkingGaussian's point_cloud.ply).",
            DefaultValueFactory = _ => StandardScaleConvention.Log,
        };
        var backend = CommonOptions.Backend();
        var command = new Command("render-ply", "Render a Gaussian PLY (native or standard 3DGS) to a PNG from a camera that frames the cloud.");
        command.Arguments.Add(input);
        foreach (var o in new Option[] { output, width, height, azimuth, elevation, distance, fov, up, background, activation, plyScales, backend })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(input)!;
            int w = parse.GetValue(width), h = parse.GetValue(height);
            float el = parse.GetValue(elevation), fovY = parse.GetValue(fov), dist = parse.GetValue(distance);
            if (!File.Exists(path)) throw new UserInputException($"{path}: no such file. Give a Gaussian PLY (e.g. one written by `tg export`).");
            if (w is < 16 or > 4096 || h is < 16 or > 4096) throw new UserInputException($"--width and --height must lie in 16–4096, got {w}×{h}.");
            if (el is < -90 or > 90) throw new UserInputException($"--elevation must lie in −90–90 degrees, got {el}.");
            if (fovY is < 5 or > 120) throw new UserInputException($"--fov must lie in 5–120 degrees, got {fovY}.");
            if (dist < 0) throw new UserInputException($"--distance must be positive (or 0 to frame the cloud), got {dist}.");
            var upAxis = ParseUp(parse.GetValue(up)!);
            var bg = ParseBackground(parse.GetValue(background)!);
            string png = parse.GetValue(output) ?? Path.ChangeExtension(path, ".png");
            if (Directory.Exists(png)) throw new UserInputException($"--out {png} is a folder; give a PNG file path.");
            if (Path.GetFullPath(png) == Path.GetFullPath(path)) throw new UserInputException($"--out {png} is the input file; choose another path.");

            PersistentGaussianField field;
            try
            {
                field = GaussianPly.LoadAny(path, parse.GetValue(activation), parse.GetValue(plyScales));
            }
            catch (PlyFormatException e)
            {
                throw new UserInputException(e.Message);
            }
            if (field.Count == 0) throw new UserInputException($"{path} holds no Gaussians; there is nothing to render.");
            var cloud = field.Activate();
            var camera = CloudFraming.Orbit(cloud.Means, cloud.Count, w, h, upAxis, parse.GetValue(azimuth), el, dist, fovY);
            float camDistance = (camera.Center - CloudFraming.Bulk(cloud.Means, cloud.Count).Centre).Length();
            var settings = new RasterSettings { Background = bg, NearCull = MathF.Min(0.2f, 0.05f * camDistance) };
            using var rasterizer = new IlgpuRasterizer(DeviceFactory.Get(parse.GetValue(backend)));
            var image = rasterizer.Forward(cloud, camera, settings);
            try
            {
                ImageIO.SavePng(png, image.Color, w, h);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserInputException($"cannot write '{png}': {e.Message}");
            }
            Console.WriteLine($"rendered {field.Count} Gaussians from {path} at {w}×{h}, camera {camDistance.ToString("G4", CultureInfo.InvariantCulture)} units from the centre");
            Console.WriteLine(Path.GetFullPath(png));
            return 0;
        });
        return command;
    }

    private static UpAxis ParseUp(string text) => text.Trim().ToLowerInvariant() switch
    {
        "y" or "+y" => UpAxis.Y,
        "-y" => UpAxis.NegativeY,
        "z" or "+z" => UpAxis.Z,
        "-z" => UpAxis.NegativeZ,
        _ => throw new UserInputException($"--up must be y, -y, z or -z, got '{text}'."),
    };

    private static (float R, float G, float B) ParseBackground(string text)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "white": return (1, 1, 1);
            case "black": return (0, 0, 0);
            case "grey" or "gray": return (0.5f, 0.5f, 0.5f);
        }
        var parts = text.Split(',');
        var v = new float[3];
        if (parts.Length != 3 || !parts.Select((p, i) => float.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && v[i] is >= 0 and <= 1).All(ok => ok))
            throw new UserInputException($"--background must be white, black, grey or r,g,b with each in [0, 1], got '{text}'.");
        return (v[0], v[1], v[2]);
    }
}
