using System.Text;

namespace AdvisoryTracker.Adapters.Tables;

/// <summary>
/// Encodes user- or document-supplied text into a Table Storage key. Keys may not contain <c>/ \ # ?</c>, control
/// characters or be over 1 KiB; any such text is written as <c>~</c> plus the UTF-8 bytes in hex (<c>~</c> itself is
/// escaped too), so encoding is reversible, deterministic and can never break or steer a query.
/// </summary>
public static class TableKeys
{
    public const int MaxKeyLength = 512;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '/' or '\\' or '#' or '?' or '~' or '%' or '\'' || Rune.IsControl(rune) || rune.Value is >= 0x7F and <= 0x9F)
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    builder.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        if (builder.Length == 0)
        {
            return "~";
        }

        if (builder.Length > MaxKeyLength)
        {
            throw new ArgumentException($"key is longer than {MaxKeyLength} characters after encoding", nameof(value));
        }

        return builder.ToString();
    }

    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key == "~")
        {
            return "";
        }

        var text = new StringBuilder(key.Length);
        var pending = new List<byte>();
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '~' && i + 2 < key.Length)
            {
                pending.Add(Convert.ToByte(key.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }

            Flush();
            text.Append(key[i]);
        }

        Flush();
        return text.ToString();

        void Flush()
        {
            if (pending.Count > 0)
            {
                text.Append(Encoding.UTF8.GetString(pending.ToArray()));
                pending.Clear();
            }
        }
    }
}
