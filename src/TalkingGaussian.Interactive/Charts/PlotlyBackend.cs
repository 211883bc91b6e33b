using System.Reflection;

namespace TalkingGaussian.Interactive.Charts;

/// <summary>
/// Typed entry points into the isolated chart backend (<see cref="PlotlyLoadContext"/>). Each is a delegate over
/// CoreLib types bound by name to a static method of <c>TalkingGaussian.Interactive.Plotly.PlotlyFigures</c>.
/// Loaded once per process on first use (about a second: Plotly.NET and FSharp.Core JIT).
/// </summary>
internal sealed class PlotlyBackend
{
    private const string BackendAssembly = "TalkingGaussian.Interactive.Plotly";
    private const string FiguresType = "TalkingGaussian.Interactive.Plotly.PlotlyFigures";

    private static readonly Lazy<PlotlyBackend> Shared = new(() => new PlotlyBackend(), LazyThreadSafetyMode.ExecutionAndPublication);

    private PlotlyBackend()
    {
        var context = new PlotlyLoadContext(typeof(PlotlyBackend).Assembly);
        if (!context.EmbeddedAssemblies.Contains(BackendAssembly, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException(
                $"{typeof(PlotlyBackend).Assembly.GetName().Name}.dll carries no chart backend; rebuild it with `dotnet build -c Release`.");
        var figures = context.LoadFromAssemblyName(new AssemblyName(BackendAssembly)).GetType(FiguresType, throwOnError: true)!;
        Lines = Bind<Func<string, string, string, bool, string[], double[][], double[][], string>>(figures, "Lines");
        Heatmap = Bind<Func<string, double[][], string, string>>(figures, "Heatmap");
        Scatter3D = Bind<Func<string, double[], double[], double[], string[], double, string>>(figures, "Scatter3D");
        PlotlyJs = Bind<Func<string>>(figures, "PlotlyJs");
        PlotlyJsVersion = Bind<Func<string>>(figures, "PlotlyJsVersion");
    }

    /// <summary>The process-wide backend.</summary>
    public static PlotlyBackend Instance => Shared.Value;

    /// <summary>(title, x title, y title, log y, names, xs, ys) → figure JSON.</summary>
    public Func<string, string, string, bool, string[], double[][], double[][], string> Lines { get; }

    /// <summary>(title, rows, colour scale) → figure JSON.</summary>
    public Func<string, double[][], string, string> Heatmap { get; }

    /// <summary>(title, x, y, z, CSS colours, marker size) → figure JSON.</summary>
    public Func<string, double[], double[], double[], string[], double, string> Scatter3D { get; }

    /// <summary>The plotly.js source Plotly.NET embeds.</summary>
    public Func<string> PlotlyJs { get; }

    /// <summary>Its version.</summary>
    public Func<string> PlotlyJsVersion { get; }

    private static T Bind<T>(Type type, string name) where T : Delegate
    {
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new MissingMethodException(type.FullName, name);
        return method.CreateDelegate<T>();
    }
}
