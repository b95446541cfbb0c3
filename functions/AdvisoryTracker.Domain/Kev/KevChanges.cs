namespace AdvisoryTracker.Domain.Kev;

/// <summary>Decides which CVEs became known-exploited between two catalogue versions (each is news, once).</summary>
public static class KevChanges
{
    /// <summary>CVEs in <paramref name="current"/> that were not in <paramref name="previouslyExploited"/>.</summary>
    public static IReadOnlyList<KnownExploitedInfo> NewlyExploited(IEnumerable<string> previouslyExploited, KnownExploitedIndex current)
    {
        var before = new HashSet<string>(previouslyExploited, StringComparer.OrdinalIgnoreCase);
        return current.Cves.Where(c => !before.Contains(c)).Select(c => current.Lookup(c)!).OrderBy(i => i.CveId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Newly exploited CVEs restricted to those of already-matched advisories (the ones that must notify again).</summary>
    public static IReadOnlyList<KnownExploitedInfo> NewlyExploitedAmong(IEnumerable<string> previouslyExploited, KnownExploitedIndex current, IEnumerable<string> cvesOfMatchedAdvisories)
    {
        var relevant = new HashSet<string>(cvesOfMatchedAdvisories, StringComparer.OrdinalIgnoreCase);
        return NewlyExploited(previouslyExploited, current).Where(i => relevant.Contains(i.CveId)).ToList();
    }
}
