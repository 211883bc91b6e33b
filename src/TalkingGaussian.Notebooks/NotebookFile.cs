using System.Text.Json;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace TalkingGaussian.Notebooks;

/// <summary>Reads and writes Jupyter notebooks (.ipynb) as .NET Interactive documents.</summary>
internal static class NotebookFile
{
    /// <summary>The kernels a notebook's cells may name; C# is the default. F# cells run on the stock kernel (StockKernelRunner).</summary>
    public static KernelInfoCollection KernelInfos => new()
    {
        new KernelInfo("csharp", "C#", ["c#", "C#"]),
        new KernelInfo("fsharp", "F#", ["f#", "F#"]),
        new KernelInfo("markdown", "Markdown", ["md"]),
    };

    /// <summary>Reads <paramref name="path"/>; every problem is a <see cref="NotebookInputException"/> naming the file.</summary>
    public static InteractiveDocument Read(string path)
    {
        if (!File.Exists(path)) throw new NotebookInputException($"{path}: no such notebook. Give the path of an .ipynb file.");
        if (!path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            throw new NotebookInputException($"{path}: not an .ipynb file. The runner reads Jupyter notebooks (.ipynb).");
        string json = File.ReadAllText(path);
        try
        {
            using (JsonDocument.Parse(json)) { }
            return Notebook.Parse(json, KernelInfos);
        }
        catch (JsonException e)
        {
            throw new NotebookInputException($"{path}: not valid notebook JSON ({e.Message}). Re-save it from your editor.");
        }
    }

    /// <summary>Writes <paramref name="document"/> as .ipynb, atomically.</summary>
    public static void Write(InteractiveDocument document, string path)
    {
        // A parsed document keeps its polyglot_notebook metadata as plain dictionaries, which the writer cannot cast
        // back to its typed kernel-info collection: drop it and let the writer build it again from the cells.
        document.Metadata.Remove("polyglot_notebook");
        AtomicFile.WriteAllText(path, Notebook.ToJupyterJson(document, "csharp"));
    }
}
