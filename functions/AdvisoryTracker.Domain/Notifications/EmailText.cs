using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AdvisoryTracker.Domain.Notifications;

/// <summary>
/// Makes untrusted advisory and registry text safe to put into an email, whatever renders it: no line breaks (a title's
/// CR/LF cannot fake "Bcc:" lines in the text part or headers in the subject), no bidirectional overrides
/// (U+202A–U+202E, U+2066–U+2069), zero-width or Unicode tag characters that disguise what a reader sees, and no
/// <c>javascript:</c>/<c>data:</c>/<c>vbscript:</c>/<c>file:</c> URLs quoted as text after they were refused as links.
/// Encoding for HTML is a separate, later step (the template renderer's).
/// </summary>
public static partial class EmailText
{
    /// <summary>What replaces a refused URL scheme in text.</summary>
    public const string RemovedLink = "[link removed]";

    /// <summary>A single line of text for a subject or a text-part value.</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, value[i + 1]);
                i++;
                if (codePoint is >= 0xE0000 and <= 0xE007F)
                {
                    continue; // tag characters
                }

                builder.Append(c).Append(value[i]);
                continue;
            }

            if (char.IsSurrogate(c) || IsInvisible(c))
            {
                continue;
            }

            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        }

        var text = UnsafeScheme().Replace(builder.ToString(), RemovedLink);
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><see cref="Clean"/>, capped at <paramref name="maxLength"/> characters (an ellipsis marks the cut).</summary>
    public static string Subject(string? value, int maxLength)
    {
        var clean = Clean(value);
        return clean.Length <= maxLength ? clean : clean[..(maxLength - 1)] + "…";
    }

    /// <summary>Bidi controls, zero-width characters and any other invisible formatting character (Unicode category Cf).</summary>
    public static bool IsInvisible(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or (>= '\u200B' and <= '\u200F') or '\u2060' or '\uFEFF' or '\u061C' or '\u180E'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    [GeneratedRegex(@"\b(?:java|vb)script\s*:|\bdata\s*:[^\s,;]*[,;]|\bfile\s*:/*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnsafeScheme();
}
