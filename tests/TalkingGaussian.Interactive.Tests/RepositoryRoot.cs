namespace TalkingGaussian.Interactive.Tests;

/// <summary>The repository the tests were built in (the folder holding TalkingGaussian.sln above the test binaries).</summary>
internal static class RepositoryRoot
{
    public static readonly string Path = Find();

    /// <summary>tg-notebook as built next to the tests (Release, like CI); the tests that run it in its own process need it.</summary>
    public static string Runner
    {
        get
        {
            string runner = System.IO.Path.Combine(Path, "src", "TalkingGaussian.Notebooks", "bin", "Release", "net10.0", "tg-notebook.dll");
            Assert.True(File.Exists(runner), $"{runner} is missing: build the solution in Release first (dotnet build -c Release).");
            return runner;
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TalkingGaussian.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No TalkingGaussian.sln above {AppContext.BaseDirectory}.");
    }
}
