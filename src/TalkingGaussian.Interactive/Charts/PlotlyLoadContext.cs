using System.Reflection;
using System.Runtime.Loader;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// An isolated <see cref="AssemblyLoadContext"/> holding the chart backend (TalkingGaussian.Interactive.Plotly),
/// Plotly.NET and their own FSharp.Core 10.1, all read from resources embedded in this assembly.
/// <para>
/// Why: the stock .NET Interactive kernel (dotnet-interactive, dotnet-repl) loads FSharp.Core 10.0 into its default
/// context for its F# kernel, and Plotly.NET 6 needs 10.1; one context cannot hold both. Here every assembly the backend
/// asks for that is embedded comes from the embedded copy; everything else (System.*, netstandard) falls back to the
/// default context, so only strings and primitive arrays cross the boundary.
/// </para>
/// </summary>
internal sealed class PlotlyLoadContext : AssemblyLoadContext
{
    /// <summary>Prefix of the embedded resource names (see the EmbedPlotlyBackend target of the .csproj).</summary>
    public const string ResourcePrefix = "plotly-backend/";

    private readonly Assembly _host;
    private readonly Dictionary<string, string> _resources;

    public PlotlyLoadContext(Assembly host) : base("TalkingGaussian.Interactive.Plotly", isCollectible: false)
    {
        _host = host;
        _resources = host.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(n => Path.GetFileNameWithoutExtension(n[ResourcePrefix.Length..]), n => n, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Names of the embedded assemblies (file names without .dll).</summary>
    public IReadOnlyCollection<string> EmbeddedAssemblies => _resources.Keys;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || !_resources.TryGetValue(assemblyName.Name, out var resource)) return null;
        using var stream = _host.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' vanished from {_host.GetName().Name}.");
        return LoadFromStream(stream);
    }
}
