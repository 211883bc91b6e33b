using System.Diagnostics;
using TalkingGaussian.Media;

namespace TalkingGaussian.Interactive.Tests.Browser;

/// <summary>
/// Screenshots a local HTML file with headless Chromium (Debian package <c>chromium</c>; .ci/run installs it).
/// A missing browser is a failure, not a skip: the chart checks are what prove the pages draw.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>The browser executable on PATH; throws with the install command when there is none.</summary>
    public static string Executable()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        foreach (var name in Candidates)
            foreach (var dir in path)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        throw new InvalidOperationException(
            "Headless Chromium is required for the chart screenshot tests and none of " + string.Join(", ", Candidates) +
            " is on PATH. Install it: apt-get install -y chromium (bash .ci/run does this).");
    }

    /// <summary>Renders <paramref name="htmlPath"/> at <paramref name="width"/>×<paramref name="height"/> and returns the RGB screenshot.</summary>
    public static PlanarImage Screenshot(string htmlPath, int width, int height) =>
        Run(htmlPath, (dir, _) => ImageIO.Load(Path.Combine(dir, "shot.png")),
            dir => [$"--screenshot={Path.Combine(dir, "shot.png")}", $"--window-size={width},{height}"]);

    /// <summary>The page's DOM as serialised after its scripts ran (Chromium's <c>--dump-dom</c>).</summary>
    public static string DumpDom(string htmlPath) =>
        Run(htmlPath, (_, stdout) => stdout, _ => ["--dump-dom"]);

    private static T Run<T>(string htmlPath, Func<string, string, T> result, Func<string, string[]> mode)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tg-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={Path.Combine(dir, "profile")}", "--virtual-time-budget=10000",
                     }.Concat(mode(dir)).Append(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri))
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish with {htmlPath} in 120 s.");
            }
            try
            {
                return result(dir, stdout.Result);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw new InvalidOperationException($"Chromium gave no result for {htmlPath} (exit {process.ExitCode}): {stderr.Result}", e);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
