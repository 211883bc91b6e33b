using Microsoft.DotNet.Interactive.Formatting;
using TalkingGaussian.Interactive;

namespace TalkingGaussian.Interactive.Tests.Display;

/// <summary>
/// The display package references no .NET Interactive assembly; the kernel's formatter must still find its views'
/// formatter by convention and prefer text/html for them.
/// </summary>
public class FormatterConventionTests
{
    [Fact]
    public void Kernel_formatter_writes_a_view_as_its_html()
    {
        var view = Show.Table(["a"], [[1.5]]);
        Assert.Equal(view.Html, view.ToDisplayString("text/html"));
        Assert.Contains("text/html", Formatter.GetPreferredMimeTypesFor(view.GetType()));
    }

    [Fact]
    public void Subclasses_of_html_view_are_formatted_too()
    {
        var image = Show.Image(new float[4], 2, 2, "grey");
        Assert.Equal(image.Html, image.ToDisplayString("text/html"));
    }
}
