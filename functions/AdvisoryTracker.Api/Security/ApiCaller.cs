namespace AdvisoryTracker.Api.Security;

/// <summary>
/// What the current API caller may see, set by <see cref="Http.ApiPipeline"/> for the duration of one request (flows
/// with the async call). Clinicians' contact addresses are personal data: only Advisory.Admin sees them (with roles
/// off, the function key holder is the administrator); an Advisory.Reader sees how many there are.
/// </summary>
public static class ApiCaller
{
    private static readonly AsyncLocal<bool?> SeesContacts = new();

    /// <summary>True outside a request (CLI, tests) and for administrators.</summary>
    public static bool CanSeeContacts => SeesContacts.Value ?? true;

    internal static void Set(bool canSeeContacts) => SeesContacts.Value = canSeeContacts;
}
