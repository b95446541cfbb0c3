using AdvisoryTracker.Domain.Vendors;

namespace AdvisoryTracker.Domain.Tests.Vendors;

public sealed class VendorCatalogueTests
{
    private static readonly VendorCatalogue Catalogue = VendorCatalogue.Default;

    private static string[] Ids(string written) => [.. Catalogue.Resolve(written).Select(v => v.Id)];

    [Theory]
    [InlineData("Phillips", "philips")]
    [InlineData("Medtronic ", "medtronic")]
    [InlineData(" Mitsubishi Electric", "mitsubishi-electric")]
    [InlineData("GeutebrÃ¼ck", "geutebrueck")]
    [InlineData("Draeger", "draeger")]
    [InlineData("Drägerwerk AG", "draeger")]
    [InlineData("Össur", "ossur")]
    [InlineData("DarioHealth", "dario-health")]
    [InlineData("SOOIL Developments Co, Ltd.", "sooil")]
    [InlineData("Becton, Dickinson and Co.", "bd")]
    [InlineData("CareFusion", "bd")]
    [InlineData("Smiths Medical", "icu-medical")]
    [InlineData("Sigma International", "baxter")]
    [InlineData("GE Marquette", "ge-healthcare")]
    [InlineData("Acuson", "siemens-healthineers")]
    [InlineData("Medfusion", "icu-medical")]
    [InlineData("ATL Ultrasound", "philips")]
    [InlineData("St. Jude Medical", "abbott")]
    [InlineData("McKesson", "change-healthcare")]
    [InlineData("Covidien", "medtronic")]
    [InlineData("Gambro", "baxter")]
    [InlineData("Welch Allyn", "baxter")]
    [InlineData("Capsule Technologies", "philips")]
    public void Resolve_SpellingAndAcquisitionVariants_GiveCanonicalVendor(string written, string expected) =>
        Assert.Equal([expected], Ids(written));

    [Theory]
    [InlineData("cardinal-health", "bd")] // CareFusion (Alaris, Pyxis) spun off from Cardinal Health
    [InlineData("carestream", "philips")] // Philips bought Carestream's information systems business
    [InlineData("animas", "johnson-johnson")]
    public void CorporateHistory_RelatesVendorsThatRemainSeparate(string a, string b)
    {
        var catalogue = VendorCatalogue.Default;
        Assert.True(catalogue.AreRelated(a, b));
        Assert.True(catalogue.AreRelated(b, a));
        Assert.NotEqual(catalogue.Resolve("Cardinal Health")[0].Id, catalogue.Resolve("BD")[0].Id);
    }

    [Fact]
    public void Resolve_ConfusableVendors_StayApart()
    {
        Assert.NotEqual(Ids("Siemens"), Ids("Siemens Healthineers"));
        Assert.NotEqual(Ids("GE HealthCare"), Ids("GE Vernova"));
        Assert.NotEqual(Ids("CONTEC Co., Ltd."), Ids("Contec Health"));
        Assert.NotEqual(Ids("Philips Lighting"), Ids("Philips"));
        Assert.Equal("general-electric", Catalogue.ParentOf("ge-healthcare"));
    }

    [Theory]
    [InlineData("Hillrom and ELI, Baxter International Inc.", "baxter")]
    [InlineData("Silex Technology and GE Healthcare", "silex", "ge-healthcare")]
    [InlineData("BMC Medical, 3B Medical", "bmc-medical")]
    [InlineData("Siemens Healthineers, Siemens", "siemens-healthineers", "siemens")]
    public void Resolve_CombinedVendorStrings_ResolveEachPart(string written, params string[] expected) =>
        Assert.All(expected, id => Assert.Contains(id, Ids(written)));

    [Fact]
    public void WithExtraAliases_MergesAdminAliases()
    {
        Assert.StartsWith("~", Ids("Acme Infusion Systems")[0]);
        var extended = Catalogue.WithExtraAliases(new Dictionary<string, IReadOnlyList<string>> { ["bd"] = ["Acme Infusion Systems"] });
        Assert.Equal("bd", extended.Resolve("Acme Infusion Systems")[0].Id);
    }

    [Fact]
    public void FromJson_DuplicateId_IsRejectedWithReason()
    {
        var error = Assert.Throws<FormatException>(() => VendorCatalogue.FromJson("""{"vendors":[{"id":"a","name":"A"},{"id":"a","name":"B"}]}"""));
        Assert.Contains("duplicate id 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithExtraAliases_FromSettings_ResolvesTheNewAlias()
    {
        var options = new VendorCatalogueOptions { ExtraAliases = { ["baxter"] = ["Vantive"], ["acme-med"] = ["Acme Medical Devices"] } };
        var catalogue = VendorCatalogue.Default.WithExtraAliases(options);
        Assert.Equal("baxter", Assert.Single(catalogue.Resolve("Vantive")).Id);
        Assert.Equal("acme-med", Assert.Single(catalogue.Resolve("Acme Medical Devices")).Id);
        Assert.Same(VendorCatalogue.Default, VendorCatalogue.Default.WithExtraAliases(new VendorCatalogueOptions()));
    }
}
