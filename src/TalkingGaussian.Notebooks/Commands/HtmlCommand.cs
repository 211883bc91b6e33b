using System.CommandLine;
using TalkingGaussian.Notebooks.Html;

namespace TalkingGaussian.Notebooks.Commands;

/// <summary><c>tg-notebook html NOTEBOOK</c>: the standalone HTML page of a notebook as saved (no cell is run).</summary>
internal static class HtmlCommand
{
    public static Command Create()
    {
        var notebook = new Argument<FileInfo>("notebook") { Description = "The .ipynb to convert, with the outputs it holds." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The page to write (default: next to the notebook, NAME.html)." };
        var command = new Command("html", "Write a standalone offline HTML page of a notebook without running it.") { notebook, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(notebook)!.FullName;
            var document = NotebookFile.Read(path);
            string target = parse.GetValue(output)?.FullName ?? Path.ChangeExtension(path, ".html");
            AtomicFile.WriteAllText(target, NotebookHtmlWriter.Write(document, Path.GetFileNameWithoutExtension(path)));
            RunnerConsole.Out.WriteLine($"wrote {target}");
            return 0;
        });
        return command;
    }
}
