using System.Text.RegularExpressions;
using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Versions;

/// <summary>
/// An advisory version expression: <c>vers:</c> ranges and the free-text forms CISA writes (<c>&lt;= 2.3.6</c>,
/// <c>2.3.6 and  below</c>, <c>&gt;= 4.4 | &lt;= 4.12</c>, <c>&lt;=September_19_2025</c>, <c>Rev B-M</c>,
/// <c>12.x</c>, lists, "prior to", "or later"). Alternatives separated by <c>|</c> are OR-ed, except that a lower
/// bound followed by an upper bound forms one interval.
/// </summary>
public sealed partial record VersionRange(string Text, bool IsAllVersions, IReadOnlyList<VersionClause> Clauses)
{
    /// <summary>Versions excluded by <c>!=</c> constraints (vers): never in the range.</summary>
    public IReadOnlyList<VersionValue> Excluded { get; init; } = [];

    /// <summary>Why the expression could not be read (an invalid vers range); null when it was read or is free text.</summary>
    public string? Invalid { get; init; }

    public bool IsParsed => IsAllVersions || Clauses.Count > 0;

    /// <summary>True for a bare major version ("Version 8"): a release line, within which a fix can be named.</summary>
    public bool IsReleaseLine => Clauses is [{ Exact: { Segments: [{ IsNumber: true }] } }];

    /// <summary>True when the range has an upper end (so a later version can be outside it).</summary>
    public bool IsBounded => !IsAllVersions && Clauses.All(c => c.Upper is not null || c.Exact is not null);

    public static VersionRange Parse(string? expression)
    {
        var text = expression?.Trim() ?? "";
        var t = TextNormaliser.Fold(text).Trim();
        if (VersPrefix().IsMatch(t))
        {
            t = VersPrefix().Replace(t, "").Trim();
            if (ParseVers(text, t) is { } vers)
            {
                return vers;
            }
        }

        if (t.Length == 0 || AllVersions().IsMatch(t))
        {
            return new VersionRange(text, true, []);
        }

        var withoutParens = Parenthesis().Replace(t, " ").Trim();
        if (withoutParens.Length == 0)
        {
            withoutParens = t.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal).Trim();
        }

        t = LeadingNoise().Replace(withoutParens, "").Trim();
        if (t.Length == 0 || AllVersions().IsMatch(t))
        {
            return new VersionRange(text, true, []);
        }

        var clauses = new List<VersionClause>();
        foreach (var piece in t.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = ParsePiece(piece);
            if (parsed.Count == 0)
            {
                return new VersionRange(text, false, []);
            }

            clauses.AddRange(parsed);
        }

        return new VersionRange(text, false, MergeIntervals(clauses));
    }

    /// <summary>
    /// A vers range (github.com/package-url/purl-spec, VERS): constraints separated by <c>|</c>, each <c>=</c>, <c>!=</c>,
    /// <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> or a bare version; <c>*</c> alone is every version. Constraints
    /// are sorted by version (the spec requires it; unsorted input is normalised), then read as intervals. An empty or
    /// invalid range is reported and matches nothing (never "all versions").
    /// </summary>
    private static VersionRange? ParseVers(string text, string constraints)
    {
        VersionRange Reject(string why) => new(text, false, []) { Invalid = $"invalid vers range '{text}': {why}" };
        if (constraints.Length == 0)
        {
            return Reject("no constraints");
        }

        var pieces = constraints.Split('|', StringSplitOptions.TrimEntries);
        if (pieces.Any(p => p.Length == 0))
        {
            return Reject("an empty constraint");
        }

        if (pieces is ["*"])
        {
            return new VersionRange(text, true, []);
        }

        var excluded = new List<VersionValue>();
        var bounds = new List<(VersionValue Value, VersionClause Clause)>();
        foreach (var piece in pieces)
        {
            var m = VersConstraint().Match(piece);
            if (!m.Success || piece == "*")
            {
                return Reject($"'{piece}' is not a constraint");
            }

            if (m.Groups["v"].Value.Contains(' ', StringComparison.Ordinal))
            {
                return null; // free text inside a vers prefix (CISA writes "vers:all/2.3.6 and below"): read as text
            }

            var op = m.Groups["op"].Value;
            // vers allows free-form versions (<=3.0.11.5_BN9); the CISA variant "vers:all/<= A and B" is read as text below.
            if (VersionValue.Parse(m.Groups["v"].Value) is not { } value)
            {
                return null;
            }

            switch (op)
            {
                case "!=":
                    excluded.Add(value);
                    break;
                case "<":
                    bounds.Add((value, new VersionClause(null, false, value, false, null)));
                    break;
                case "<=":
                    bounds.Add((value, new VersionClause(null, false, value, true, null)));
                    break;
                case ">":
                    bounds.Add((value, new VersionClause(value, false, null, false, null)));
                    break;
                case ">=":
                    bounds.Add((value, new VersionClause(value, true, null, false, null)));
                    break;
                default:
                    bounds.Add((value, new VersionClause(null, false, null, false, value)));
                    break;
            }
        }

        if (bounds.Count == 0)
        {
            // Only != constraints: every version but those.
            return new VersionRange(text, false, [new VersionClause(null, false, null, false, null)]) { Excluded = excluded };
        }

        var comparable = bounds.All(a => bounds.All(b => VersionComparer.Compare(a.Value, b.Value) is not null));
        var ordered = comparable
            ? bounds.OrderBy(b => b.Value, Comparer<VersionValue>.Create((x, y) => VersionComparer.Compare(x, y) ?? 0)).Select(b => b.Clause).ToList()
            : bounds.Select(b => b.Clause).ToList();
        return new VersionRange(text, false, MergeIntervals(ordered)) { Excluded = excluded };
    }

    [GeneratedRegex(@"^(?<op>!=|<=|>=|<|>|=)?\s*(?<v>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersConstraint();

    /// <summary>Compares a device version with the range.</summary>
    public VersionVerdict Evaluate(string? deviceVersion)
    {
        if (IsAllVersions)
        {
            return new VersionVerdict(VersionOutcome.InRange, $"range '{Text}' covers all versions");
        }

        if (!IsParsed)
        {
            return new VersionVerdict(VersionOutcome.Unknown, Invalid is null ? $"range '{Text}' could not be read: review" : $"{Invalid}: review");
        }

        var device = VersionValue.Parse(deviceVersion);
        if (device is null)
        {
            return new VersionVerdict(VersionOutcome.Unknown, $"device version unknown; advisory range '{Text}': review");
        }

        if (Excluded.Any(e => VersionComparer.Compare(device, e) == 0))
        {
            return new VersionVerdict(VersionOutcome.OutOfRange, $"device version {device} is excluded by '{Text}' (!=)");
        }

        var anyComparable = false;
        foreach (var clause in Clauses)
        {
            switch (Test(clause, device))
            {
                case true:
                    return new VersionVerdict(VersionOutcome.InRange, $"device version {device} is within '{Text}' ({clause})");
                case false:
                    anyComparable = true;
                    break;
            }
        }

        if (LineContinuedBy(device) is { } line)
        {
            // "<= 1.7" or "1.7" and a device at 1.7.5: a release within the line the advisory names last. Whether the
            // advisory meant the whole line is not written down, so it is neither affected nor cleared: review.
            return new VersionVerdict(VersionOutcome.Unknown, $"device version {device} is a later release within {line}, the last version '{Text}' names: review");
        }

        return anyComparable
            ? new VersionVerdict(VersionOutcome.OutOfRange, $"device version {device} is outside '{Text}'")
            : new VersionVerdict(VersionOutcome.Unknown, $"device version {device} cannot be compared with '{Text}': review");
    }

    /// <summary>The last listed version (an exact version or an inclusive upper bound) that <paramref name="version"/> continues as a later release, or null.</summary>
    public VersionValue? LineContinuedBy(VersionValue version) =>
        Clauses.Select(c => c.Exact ?? (c.UpperInclusive ? c.Upper : null)).FirstOrDefault(b => b is not null && IsSubRelease(version, b));

    /// <summary>True when the device version continues the bound (1.7.5 and B.02.01 after 1.7 and B.02), without a pre-release step.</summary>
    private static bool IsSubRelease(VersionValue device, VersionValue bound) =>
        !bound.HasWildcard && device.Segments.Count > bound.Segments.Count
        && device.Segments[bound.Segments.Count].IsNumber
        && device.Segments.Take(bound.Segments.Count).Zip(bound.Segments).All(p => p.First.IsNumber == p.Second.IsNumber)
        && VersionComparer.Compare(device with { Segments = [.. device.Segments.Take(bound.Segments.Count)] }, bound) == 0;

    /// <summary>True inside, false outside, null when not comparable.</summary>
    private static bool? Test(VersionClause clause, VersionValue device)
    {
        if (clause.Exact is { } exact)
        {
            // "Version 8" is the whole 8 release line (8.4 is in it); "Version 1.6" is that release only.
            var c = VersionComparer.Compare(device, exact, truncateToBound: exact.Segments.Count == 1 && exact.Segments[0].IsNumber);
            if (c is null)
            {
                return null;
            }

            // Equal, or the device version is the start of the listed one (1.3.0 against "1.3.0 Build 14").
            // A release is not its own pre-release: 1.0.0 is not "1.0.0-rc1".
            return c == 0 || (VersionComparer.Compare(exact, device, truncateToBound: true) == 0 && !VersionComparer.HasPreReleaseAfter(exact, device.Segments.Count));
        }

        bool? result = true;
        if (clause.Lower is { } lower)
        {
            var c = VersionComparer.Compare(device, lower);
            result = c is null ? null : clause.LowerInclusive ? c >= 0 : c > 0;
        }

        if (clause.Upper is { } upper && result != false)
        {
            var c = VersionComparer.Compare(device, upper, truncateToBound: clause.UpperInclusive || upper.HasWildcard);
            bool? inside = c is null ? null : clause.UpperInclusive ? c <= 0 : c < 0;
            result = inside == false ? false : result is null || inside is null ? null : true;
        }

        return result;
    }

    private static List<VersionClause> ParsePiece(string piece)
    {
        var p = SideCondition().Replace(piece.Trim(), "").Trim().TrimEnd('.', ',', ';');
        Match m;
        if ((m = Operator().Match(p)).Success)
        {
            var value = VersionValue.Parse(m.Groups["v"].Value);
            if (value is null)
            {
                return [];
            }

            return m.Groups["op"].Value switch
            {
                "<" => [new VersionClause(null, false, value, false, null)],
                "<=" or "=<" => [new VersionClause(null, false, value, true, null)],
                ">" => [new VersionClause(value, false, null, false, null)],
                ">=" or "=>" => [new VersionClause(value, true, null, false, null)],
                _ => [new VersionClause(null, false, null, false, value)],
            };
        }

        if ((m = AndBelow().Match(p)).Success && VersionValue.Parse(m.Groups["v"].Value) is { } below)
        {
            return [new VersionClause(null, false, below, true, null)];
        }

        if ((m = PriorTo().Match(p)).Success && VersionValue.Parse(m.Groups["v"].Value) is { } prior)
        {
            var inclusive = m.Groups["kw"].Value.StartsWith("up to", StringComparison.Ordinal) || m.Groups["kw"].Value == "through";
            return [new VersionClause(null, false, prior, inclusive, null)];
        }

        if ((m = OrLater().Match(p)).Success && VersionValue.Parse(m.Groups["v"].Value) is { } later)
        {
            return [new VersionClause(later, true, null, false, null)];
        }

        if ((m = Between().Match(p)).Success
            && VersionValue.Parse(m.Groups["a"].Value) is { LooksLikeVersion: true } from
            && VersionValue.Parse(m.Groups["b"].Value) is { LooksLikeVersion: true } to)
        {
            return [new VersionClause(from, true, to, true, null)];
        }

        var words = p.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words.All(w => w.Any(char.IsAsciiDigit)) && words.Any(w => w.Contains('.', StringComparison.Ordinal)))
        {
            var list = words.Select(VersionValue.Parse).OfType<VersionValue>().ToList();
            return [.. list.Select(v => new VersionClause(null, false, null, false, v))];
        }

        if (VersionValue.Parse(p) is { LooksLikeVersion: true } single)
        {
            return [single.HasWildcard ? new VersionClause(null, false, single, true, null) with { Lower = WildcardFloor(single), LowerInclusive = true } : new VersionClause(null, false, null, false, single)];
        }

        return [];
    }

    /// <summary>12.x means 12.0 up to 12.anything: the floor is the known prefix.</summary>
    private static VersionValue? WildcardFloor(VersionValue wildcard)
    {
        var known = wildcard.Segments.Where(s => s.Word is null || !s.Word.StartsWith('#')).ToList();
        return known.Count == 0 ? null : wildcard with { Segments = known, HasWildcard = false };
    }

    private static List<VersionClause> MergeIntervals(List<VersionClause> clauses)
    {
        var merged = new List<VersionClause>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var c = clauses[i];
            if (c is { Lower: not null, Upper: null, Exact: null } && i + 1 < clauses.Count && clauses[i + 1] is { Lower: null, Upper: not null, Exact: null } next)
            {
                merged.Add(c with { Upper = next.Upper, UpperInclusive = next.UpperInclusive });
                i++;
                continue;
            }

            merged.Add(c);
        }

        return merged;
    }

    [GeneratedRegex(@"\s+(on|with|running|for|when|if|in)\s+.*$", RegexOptions.CultureInvariant)]
    private static partial Regex SideCondition();

    [GeneratedRegex(@"^vers:[a-z0-9.\-]+/", RegexOptions.CultureInvariant)]
    private static partial Regex VersPrefix();

    [GeneratedRegex(@"^(\*.*|all|all versions?.*|all models?.*|any|any versions?)$", RegexOptions.CultureInvariant)]
    private static partial Regex AllVersions();

    [GeneratedRegex(@"\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Parenthesis();

    [GeneratedRegex(@"^((manufactured|distributed|released|produced|shipped|sold|and|software|firmware|devices?|units?|versions?|releases?|rev|revisions?)\s+)+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNoise();

    [GeneratedRegex(@"^(?<op><=|=<|>=|=>|<|>|==|=)\s*(?<v>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Operator();

    [GeneratedRegex(@"^(?<v>.+?),?\s+(and|or|&)\s+(below|earlier|prior|lower|older|before|previous|previous versions|prior versions|earlier versions)$", RegexOptions.CultureInvariant)]
    private static partial Regex AndBelow();

    [GeneratedRegex(@"^(?<kw>prior to|before|earlier than|older than|lower than|below|up to and including|up to|through)\s+(?<v>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorTo();

    [GeneratedRegex(@"^(?<v>.+?)\s+(and|or)\s+(later|higher|newer|above|greater|after)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrLater();

    [GeneratedRegex(@"^(?<a>\S+)\s*(?:<=|\bto\b|\bthrough\b|\s-\s|(?<=^[a-z]{1,2})-(?=[a-z]{1,2}$))\s*(?<b>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Between();
}
