using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>Evidence from the advisory's text for devices no product entry names. Invented probe products.</summary>
public sealed class DocumentEvidenceTests
{
    private const string Tree = """
        { "branches": [ { "category": "vendor", "name": "Probe Medical", "branches": [
            { "category": "product_name", "name": "Infusor A200", "branches": [
              { "category": "product_version", "name": "2.0", "product": { "product_id": "P1", "name": "Infusor A200 2.0" } } ] } ] } ] }
        """;

    private static MatchStatus? StatusWithNote(string note) =>
        StandardProbeTests.Match(
            StandardProbeTests.Read(Tree, $$""" "product_status": { "known_affected": ["P1"] }, "notes": [ { "category": "summary", "text": "{{note}}" } ] """),
            null, "Infusor B300")?.Status;

    [Theory]
    [InlineData("The Infusor B300 uses the same firmware and is also affected.", true)]
    [InlineData("The Infusor B300 is not impacted by this vulnerability.", false)]
    [InlineData("Infusor B300 devices are unaffected.", false)]
    [InlineData("The Infusor B300 does not use the vulnerable component.", false)]
    [InlineData("The Infusor B300 is not known to be vulnerable.", false)]
    [InlineData("Devices not updated are affected, including the Infusor B300.", true)]
    [InlineData("Do not use the Infusor B300 on open networks until it is updated.", true)]
    public void Note_NamingTheDevice_IsEvidenceUnlessItSaysTheDeviceIsNotAffected(string note, bool flagged)
    {
        var status = StatusWithNote(note);
        Assert.Equal(flagged ? MatchStatus.PossiblyAffected : null, status is MatchStatus.NotAffected ? null : status);
    }

    [Fact]
    public void Sentences_DropStatementsOfWhatIsNotAffected() =>
        Assert.Equal(["Infusor A200 is affected."], DocumentEvidence.Sentences("Infusor A200 is affected. Infusor B300 is not affected."));
}
