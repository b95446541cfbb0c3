using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Problems;

/// <summary>Reads a request body with a size cap, without trusting Content-Length.</summary>
public static class RequestBody
{
    /// <summary>The body bytes, or null when it is over <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Parses a JSON object body; returns the error when it is not one. A UTF-8 byte order mark is skipped; invalid
    /// UTF-8, a lone surrogate escape (<c>"\ud800"</c>) and a duplicate property name are refused (400), so no later
    /// <c>GetString()</c> can throw and no "last one wins" ambiguity reaches validation.
    /// </summary>
    public static (JsonDocument? Document, FieldError? Error) ParseObject(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var json = body.AsMemory();
        if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        if (json.Length == 0)
        {
            return (null, new FieldError("body", "a JSON object is required"));
        }

        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            return (null, new FieldError("body", "is not valid UTF-8"));
        }

        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, new FieldError("body", "must be a JSON object"));
            }

            if (FirstUnreadableString(document.RootElement, "$") is { } path)
            {
                document.Dispose();
                return (null, new FieldError("body", $"holds a string that is not valid Unicode (a lone surrogate escape) at {path}"));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            var duplicate = ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? " (a property name is repeated)" : "";
            return (null, new FieldError("body", $"is not valid JSON{duplicate}{where}"));
        }
    }

    /// <summary>The path of the first property name or string value that cannot be read as a .NET string, or null.</summary>
    private static string? FirstUnreadableString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                    {
                        return path;
                    }

                    if (FirstUnreadableString(property.Value, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstUnreadableString(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
