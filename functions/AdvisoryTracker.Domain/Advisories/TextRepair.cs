using System.Text;

namespace AdvisoryTracker.Domain.Advisories;

/// <summary>Repairs text that was UTF-8 once and got decoded as Latin-1 / Windows-1252 upstream (real CISA vendor names do this).</summary>
public static class TextRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Returns <paramref name="text"/> re-decoded as UTF-8 when every character fits in one byte and those bytes are
    /// valid multi-byte UTF-8 (<c>GeutebrÃ¼ck</c> -> <c>Geutebrück</c>); otherwise the text unchanged, so correct
    /// names such as <c>Dräger</c> are never touched.
    /// </summary>
    public static string RepairMojibake(string text)
    {
        var suspicious = false;
        foreach (var c in text)
        {
            if (c > 0xFF)
            {
                return text;
            }

            suspicious |= c is 'Ã' or 'Â' or 'Å' or 'Ä';
        }

        if (!suspicious)
        {
            return text;
        }

        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }
}
