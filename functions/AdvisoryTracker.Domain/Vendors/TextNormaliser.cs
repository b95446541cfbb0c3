using System.Text;

namespace AdvisoryTracker.Domain.Vendors;

/// <summary>
/// Text clean-up shared by vendor and product matching: repairs UTF-8 read as Windows-1252 (mojibake such as
/// <c>GeutebrÃ¼ck</c>), folds case and transliterates Latin letters with diacritics to ASCII.
/// Works without ICU (the apps run with invariant globalisation), so the folding table is explicit.
/// </summary>
public static class TextNormaliser
{
    private static readonly Dictionary<char, byte> Cp1252Specials = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87,
        ['ˆ'] = 0x88, ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91,
        ['’'] = 0x92, ['“'] = 0x93, ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98,
        ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B, ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    // Lower-case ASCII folding of Latin-1 Supplement and Latin Extended-A letters (diacritics dropped).
    private const string FoldFrom = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    private const string FoldTo = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";

    /// <summary>Undoes UTF-8 bytes that were decoded as Windows-1252 when the text shows the tell-tale pairs.</summary>
    public static string RepairMojibake(string text)
    {
        if (text.IndexOfAny(['Ã', 'Â', 'â', 'Ä', 'Å']) < 0)
        {
            return text;
        }

        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c <= 0xFF)
            {
                bytes[i] = (byte)c;
            }
            else if (Cp1252Specials.TryGetValue(c, out var b))
            {
                bytes[i] = b;
            }
            else
            {
                return text;
            }
        }

        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var repaired = decoder.GetString(bytes);
            return repaired.Length < text.Length ? repaired : text;
        }
        catch (ArgumentException)
        {
            return text; // not UTF-8 after all: the text really contains these letters
        }
    }

    /// <summary>Lower case, mojibake repaired, diacritics dropped (ä → a, ß → ss).</summary>
    public static string Fold(string text) => Fold(text, germanTransliteration: false);

    /// <summary>
    /// Lower case, mojibake repaired; with <paramref name="germanTransliteration"/> the umlauts become two letters
    /// (ä → ae, ö → oe, ü → ue) as German writers transliterate them (Dräger → Draeger).
    /// </summary>
    public static string Fold(string text, bool germanTransliteration)
    {
        var repaired = RepairMojibake(text);
        var sb = new StringBuilder(repaired.Length + 4);
        foreach (var raw in repaired)
        {
            var c = char.ToLowerInvariant(raw);
            if (c < 0x80)
            {
                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case 'ä' when germanTransliteration: sb.Append("ae"); continue;
                case 'ö' when germanTransliteration: sb.Append("oe"); continue;
                case 'ü' when germanTransliteration: sb.Append("ue"); continue;
                case 'ß': sb.Append("ss"); continue;
                case 'æ': sb.Append("ae"); continue;
                case 'œ': sb.Append("oe"); continue;
                case 'þ': sb.Append("th"); continue;
                case '\u00A0' or '\u2007' or '\u202F': sb.Append(' '); continue;
                case '‐' or '‑' or '‒' or '–' or '—': sb.Append('-'); continue;
                case '’' or '‘': sb.Append('\''); continue;
                case '®' or '™' or '©': continue;
                default:
                    var index = FoldFrom.IndexOf(c, StringComparison.Ordinal);
                    sb.Append(index >= 0 ? FoldTo[index] : c);
                    continue;
            }
        }

        return sb.ToString();
    }
}
