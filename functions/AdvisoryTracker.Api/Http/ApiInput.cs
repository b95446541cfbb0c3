using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AdvisoryTracker.Adapters.Tables;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Paging;
using Azure;
using Microsoft.AspNetCore.Http;

namespace AdvisoryTracker.Api.Http;

/// <summary>
/// Reads ids, filters and paging from a request by allow-list. Anything refused is a <see cref="FieldError"/>
/// naming the parameter; nothing read here reaches a table query except through CreateQueryFilter and TableKeys.
/// </summary>
public static class ApiInput
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int MaxAdvisoryIdLength = 200;
    public const int MaxFilterLength = 100;
    private const int MaxTokenLength = 4096;

    /// <summary>A device id from the path: the registration rules (so it can only name a device that could exist).</summary>
    public static FieldError? DeviceId(string? id) =>
        id is not null && DeviceValidator.IsValidId(id) ? null : new FieldError("id", "is not a valid device id");

    /// <summary>An advisory id from the path: ids come from documents, so only length and control characters are checked; the key is encoded.</summary>
    public static FieldError? AdvisoryId(string? id, string field = "advisoryId") =>
        id is { Length: > 0 and <= MaxAdvisoryIdLength } && !HasControlCharacters(id) && FitsInKey(id)
            ? null
            : new FieldError(field, $"must be 1-{MaxAdvisoryIdLength} characters without control characters");

    /// <summary>Whether the id's encoded form fits in a table key (escaped characters take three).</summary>
    private static bool FitsInKey(string id)
    {
        try
        {
            return TableKeys.Encode(id).Length <= TableKeys.MaxKeyLength;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>An optional text filter: trimmed, at most <see cref="MaxFilterLength"/> characters, no control characters.</summary>
    public static string? Text(HttpRequest request, string name, List<FieldError> errors)
    {
        var value = Single(request, name, errors)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxFilterLength || HasControlCharacters(value))
        {
            errors.Add(new FieldError(name, $"must be at most {MaxFilterLength} characters without control characters"));
            return null;
        }

        return value;
    }

    public static int PageSize(HttpRequest request, List<FieldError> errors)
    {
        var value = Single(request, "pageSize", errors);
        if (value is null)
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size is < 1 or > MaxPageSize)
        {
            errors.Add(new FieldError("pageSize", $"must be a whole number from 1 to {MaxPageSize}"));
            return DefaultPageSize;
        }

        return size;
    }

    /// <summary>The storage continuation carried by the opaque <c>continuationToken</c> parameter.</summary>
    public static string? Continuation(HttpRequest request, List<FieldError> errors)
    {
        var value = Single(request, "continuationToken", errors);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string? decoded = null;
        if (value.Length <= MaxTokenLength && Base64Url.IsValid(value))
        {
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(value));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                decoded = null;
            }
        }

        if (string.IsNullOrEmpty(decoded) || !IsStorageContinuation(decoded))
        {
            errors.Add(new FieldError("continuationToken", "is not a token this API issued"));
            return null;
        }

        return decoded;
    }

    /// <summary>The shape of a table continuation: "{next partition key} {next row key}", key-safe characters only.</summary>
    private static bool IsStorageContinuation(string decoded)
    {
        var parts = decoded.Split(' ');
        return parts.Length is 1 or 2
            && parts[0].Length > 0
            && parts.All(p => p.Length <= 1024 && !HasControlCharacters(p) && p.IndexOfAny(['/', '\\', '#', '?', '\'']) < 0);
    }

    /// <summary>Makes a storage continuation opaque for the caller.</summary>
    public static string? ToToken(string? continuation) =>
        string.IsNullOrEmpty(continuation) ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuation));

    /// <summary>Runs a paged query; null when storage refuses the caller's continuation token (never a 5xx for a bad token).</summary>
    public static async Task<ResultPage<T>?> QueryPageAsync<T>(string? continuation, Func<Task<ResultPage<T>>> query)
    {
        try
        {
            return await query();
        }
        catch (RequestFailedException ex) when (continuation is not null && ex.Status == 400)
        {
            return null;
        }
    }

    public static bool? Boolean(HttpRequest request, string name, List<FieldError> errors)
    {
        var value = Single(request, name, errors);
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var result))
        {
            return result;
        }

        errors.Add(new FieldError(name, "must be true or false"));
        return null;
    }

    public static DateTimeOffset? Date(HttpRequest request, string name, List<FieldError> errors)
    {
        var value = Single(request, name, errors);
        if (value is null)
        {
            return null;
        }

        if (value.Length <= 40
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            && date.Year is >= 1900 and <= 9000)
        {
            return date;
        }

        errors.Add(new FieldError(name, "must be an ISO 8601 date or date-time after 1900, e.g. 2025-01-31 or 2025-01-31T12:00:00Z"));
        return null;
    }

    /// <summary>The If-Match ETag, or null when missing (a "*" is not accepted: changes must name the version they replace).</summary>
    public static string? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        return value.Length is 0 or > 256 || value == "*" ? null : value;
    }

    public static string? RouteValue(HttpContext context, string name) => context.Request.RouteValues[name] as string;

    public static bool HasControlCharacters(string value) => value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    private static string? Single(HttpRequest request, string name, List<FieldError> errors)
    {
        var values = request.Query[name];
        if (values.Count > 1)
        {
            errors.Add(new FieldError(name, "may be given once"));
            return null;
        }

        return values.Count == 0 ? null : values[0];
    }
}
