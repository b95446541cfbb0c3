using System.Globalization;

namespace AdvisoryTracker.Domain.Advisories;

/// <summary>
/// The one rule for advisory ids, applied at ingest (a document whose <c>tracking.id</c> breaks it is rejected) and by
/// the API (a path id that breaks it is a 400): so every stored advisory can be named in the API, and no id carries
/// line breaks, markup or invisible characters into emails, logs or table keys.
/// Case: advisory ids are compared case-insensitively (CSAF ids are upper case; <c>icsma-25-336-01</c> names the same advisory).
/// </summary>
public static class AdvisoryIds
{
    public const int MaxLength = 200;

    /// <summary>Why <paramref name="id"/> is not a valid advisory id, or null when it is.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return $"must be 1-{MaxLength} characters";
        }

        if (id.Trim().Length != id.Length)
        {
            return "must not start or end with white space";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c)
                || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return "must not contain control, line-break or invisible formatting characters";
            }

            if (c is '<' or '>' or '"' or '`' or '\\')
            {
                return "must not contain markup characters (< > \" ` \\)";
            }
        }

        return null;
    }

    public static bool IsValid(string? id) => Problem(id) is null;
}
