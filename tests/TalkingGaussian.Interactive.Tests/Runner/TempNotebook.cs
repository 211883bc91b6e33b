using System.Text.Json;
using TalkingGaussian.Interactive;

namespace TalkingGaussian.Interactive.Tests.Runner;

/// <summary>A notebook written to a fresh temporary folder, removed on dispose.</summary>
internal sealed class TempNotebook : IDisposable
{
    public TempNotebook(params (string Kind, string Source)[] cells)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"tg-nb-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Path_ = System.IO.Path.Combine(Folder, "test.ipynb");
        var json = new
        {
            cells = cells.Select(c => c.Kind == "markdown"
                ? (object)new { cell_type = "markdown", metadata = new { }, source = c.Source }
                : new
                {
                    cell_type = "code", execution_count = (int?)null,
                    metadata = new { polyglot_notebook = new { kernelName = c.Kind } },
                    outputs = Array.Empty<object>(), source = c.Source,
                }),
            metadata = new
            {
                kernelspec = new { display_name = ".NET (C#)", language = "C#", name = ".net-csharp" },
                language_info = new { name = "polyglot-notebook" },
            },
            nbformat = 4,
            nbformat_minor = 2,
        };
        File.WriteAllText(Path_, JsonSerializer.Serialize(json));
    }

    public string Folder { get; }

    public string Path_ { get; }

    /// <summary>The #r line that loads the display package the tests were built with.</summary>
    public static string ReferenceDisplayPackage => $"#r \"{typeof(Show).Assembly.Location}\"";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
