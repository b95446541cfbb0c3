using System.Text.Json;
using AdvisoryTracker.Domain.Registry;
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

    /// <summary>Parses a JSON object body; returns the error when it is not one.</summary>
    public static (JsonDocument? Document, FieldError? Error) ParseObject(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, new FieldError("body", "a JSON object is required"));
        }

        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, new FieldError("body", "must be a JSON object"));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? $" at {path}" : ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            return (null, new FieldError("body", $"is not valid JSON{where}"));
        }
    }
}
