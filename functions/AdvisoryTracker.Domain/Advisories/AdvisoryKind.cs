namespace AdvisoryTracker.Domain.Advisories;

/// <summary>What kind of publication an advisory came from; decides wording and how strict matching is.</summary>
public enum AdvisoryKind
{
    /// <summary>A CSAF 2.0 security advisory (CISA or a vendor's CSAF provider).</summary>
    Csaf,
    /// <summary>An FDA safety communication page.</summary>
    SafetyCommunication,
    /// <summary>An FDA (openFDA) device recall or enforcement report.</summary>
    Recall,
    /// <summary>A vendor PSIRT bulletin or advisory web page.</summary>
    Bulletin,
}
