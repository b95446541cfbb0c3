using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Console;

/// <summary>The style sheet and the small script module, embedded in the assembly (no build step, no CDN).</summary>
public static class ConsoleAssets
{
    private static readonly byte[] CssBytes = Read("console.css");
    private static readonly byte[] ScriptBytes = Read("console.js");

    public static IResult Css => Results.Bytes(CssBytes, "text/css; charset=utf-8");

    public static IResult Script => Results.Bytes(ScriptBytes, "text/javascript; charset=utf-8");

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AdvisoryTracker.Api.Console.Assets." + name)
            ?? throw new InvalidOperationException($"embedded console asset {name} is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>For tests: the asset's text.</summary>
    public static string Text(string name) => Encoding.UTF8.GetString(Read(name));
}
