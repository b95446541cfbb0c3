using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Domain.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Domain.Tests.Matching;

public sealed class MatcherBehaviourTests
{
    private static readonly IReadOnlyList<Advisory> Advisories = MatcherAccuracyTests.LoadDevAdvisories();

    private static Advisory Advisory(string id) => Advisories.Single(a => a.Id == id);

    private static Device Device(string manufacturer, string model, string? version = null) =>
        new() { Id = "t-1", Manufacturer = manufacturer, Model = model, Version = version };

    private static DeviceMatch? MatchOne(string advisoryId, Device device) =>
        new AdvisoryMatcher().Match(Advisory(advisoryId), [device]).SingleOrDefault();

    [Fact]
    public void Match_AllVersionsRange_FlagsEveryVersion()
    {
        var match = MatchOne("ICSMA-16-279-01", Device("Animas", "OneTouch Ping Insulin Pump"));
        Assert.Equal(MatchStatus.Affected, match!.Status);
        Assert.Contains("all versions", match.Explanation.VersionRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DifferentModelNumber_IsNotMatched()
    {
        Assert.Null(MatchOne("ICSMA-17-017-02", Device("BD", "Alaris PC Unit 8000")));
        Assert.Null(MatchOne("ICSMA-17-250-02A", Device("Smiths Medical", "Medfusion 3500 Syringe Pump")));
    }

    [Fact]
    public void Match_AcquiredVendorName_MatchesWithAliasInExplanation()
    {
        var match = MatchOne("ICSMA-17-250-02A", Device("ICU Medical", "Medfusion 4000", "1.6"));
        Assert.NotNull(match);
        Assert.Contains("Smiths Medical", match.Explanation.VendorRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_ExclusionInProductName_IsNotAffected()
    {
        var match = MatchOne("ICSMA-20-049-02", Device("GE Healthcare", "Venue 40", "R2"));
        Assert.Equal(MatchStatus.NotAffected, match!.Status);
        Assert.Contains("excludes", match.Explanation.VersionRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_UnknownVersionWithBoundedRange_IsPossiblyAffectedWithReason()
    {
        var match = MatchOne("ICSMA-18-235-01", Device("BD", "Alaris GH", null));
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status);
        Assert.Contains("unknown", match.Explanation.VersionRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_CrossVendorNameCollision_IsNotMatched() =>
        Assert.Null(MatchOne("ICSA-17-089-01", Device("Stryker", "InTouch ICU Bed")));

    [Fact]
    public void Match_IndexedAndAllPairs_GiveTheSameVerdicts()
    {
        var devices = MatcherAccuracyTests.LoadInventory();
        var matcher = new AdvisoryMatcher();
        var index = matcher.Index(devices);
        foreach (var advisory in Advisories)
        {
            var indexed = matcher.Match(advisory, index).Select(m => (m.DeviceId, m.Status)).Order().ToList();
            var allPairs = matcher.MatchAllPairs(advisory, devices).Select(m => (m.DeviceId, m.Status)).Order().ToList();
            Assert.Equal(allPairs, indexed);
        }
    }

    [Fact]
    public void MatchDevice_OneDeviceAgainstCorpus_FindsItsAdvisories()
    {
        var matches = new AdvisoryMatcher().MatchDevice(Device("Medtronic", "MyCareLink Patient Monitor 24950"), Advisories);
        Assert.Contains(matches, m => m.AdvisoryId == "ICSMA-25-205-01" && m.Status.IsFlagged());
    }

    [Fact]
    public void Detect_Transitions_GiveEventKinds()
    {
        var match = MatchOne("ICSMA-16-279-01", Device("Animas", "OneTouch Ping Insulin Pump"))!;
        Assert.Equal(MatchChangeKind.NewMatch, MatchChangeDetector.Detect(null, match));
        Assert.Equal(MatchChangeKind.Unchanged, MatchChangeDetector.Detect(match.Fingerprint, match));
        Assert.Equal(MatchChangeKind.NoLongerAffected, MatchChangeDetector.Detect(match.Fingerprint, match with { Status = MatchStatus.NotAffected }));
        var withFix = match with
        {
            Explanation = match.Explanation with { Remediations = [new AdvisoryRemediation(RemediationCategory.VendorFix, "update to 2.0", "https://example.org", [])] },
        };
        var withoutFix = match with { Explanation = match.Explanation with { Remediations = [] } };
        Assert.Equal(MatchChangeKind.PatchAvailable, MatchChangeDetector.Detect(withoutFix.Fingerprint, withFix));
        var otherRange = match with { Explanation = match.Explanation with { MatchedRanges = ["<= 9.9"] } };
        Assert.Equal(MatchChangeKind.Changed, MatchChangeDetector.Detect(match.Fingerprint, otherRange));
        Assert.Equal(MatchChangeKind.NewMatch, MatchChangeDetector.Detect("garbage", match));
    }

    [Fact]
    public void Fingerprint_RoundTrips()
    {
        var match = MatchOne("ICSMA-16-279-01", Device("Animas", "OneTouch Ping Insulin Pump"))!;
        Assert.Equal(match.Fingerprint, MatchFingerprint.Parse(match.Fingerprint)!.ToString());
        Assert.StartsWith("v1;status=affected;", match.Fingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadInventory_ReportsLineNumbers()
    {
        const string csv = "id,manufacturer,model,version,segment,department,contacts\n"
            + "d-1,\"Becton, Dickinson and Co.\",Alaris 8015,,in-hospital,ICU,a@example.org;b@example.org\n"
            + "d-2,BD,,1.0,on-the-moon,ICU,not-an-email\n"
            + "d-1,BD,Alaris,1.0,in-hospital,ICU,a@example.org\n";
        var result = DeviceCsv.Parse(csv);
        Assert.Equal("Becton, Dickinson and Co.", Assert.Single(result.Devices).Manufacturer);
        Assert.Equal([3, 4], result.Errors.Select(e => e.LineNumber));
        Assert.Contains("segment 'on-the-moon'", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not-an-email", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("already used on line 2", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenParse_RoundTripsInventory()
    {
        var devices = MatcherAccuracyTests.LoadInventory();
        var again = DeviceCsv.Parse(DeviceCsv.Write(devices));
        Assert.True(again.Succeeded);
        Assert.Equal(devices.Select(d => (d.Id, d.Manufacturer, d.Model, d.Version, string.Join(";", d.Contacts))),
            again.Devices.Select(d => (d.Id, d.Manufacturer, d.Model, d.Version, string.Join(";", d.Contacts))));
    }

    [Fact]
    public void Apply_RemediationUpdate_ValidatesTransitionAndNote()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var ok = RemediationWorkflow.Apply(RemediationStatus.Open, RemediationStatus.InProgress, "biomed@example.org", " ticket 42 ", time);
        Assert.Equal(new RemediationHistoryEntry(RemediationStatus.InProgress, "biomed@example.org", time.GetUtcNow(), "ticket 42"), ok.Entry);
        Assert.False(RemediationWorkflow.Apply(RemediationStatus.Patched, RemediationStatus.Mitigated, "x", null, time).Succeeded);
        Assert.Contains("limit is 1000", RemediationWorkflow.Apply(RemediationStatus.Open, RemediationStatus.Patched, "x", new string('n', 1001), time).Error, StringComparison.Ordinal);
        Assert.True(RemediationStatusNames.TryParse("risk_accepted", out var parsed));
        Assert.Equal(RemediationStatus.RiskAccepted, parsed);
    }

    private static bool Flagged(string advisoryId, Device device) => MatchOne(advisoryId, device)?.Status.IsFlagged() == true;

    [Fact]
    public void Match_ReleaseLineWithUsersCurrentVersionsInRemediation_StaysAffected() =>
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-18-165-01", Device("Natus", "Xltek NeuroWorks", "8.4"))!.Status);

    [Fact]
    public void Match_FixSentenceNamesOtherProduct_IsNotUsedAsFix() =>
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-20-170-02", Device("Baxter", "Prismaflex", "8.20"))!.Status);

    [Fact]
    public void Match_VersionWrittenInProductName_IsTheRange()
    {
        Assert.Equal(MatchStatus.NotAffected, MatchOne("ICSMA-18-058-02", Device("Philips", "IntelliSpace Portal", "12.1"))!.Status);
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-18-058-02", Device("Philips", "IntelliSpace Portal", "8.0.2"))!.Status);
    }

    [Fact]
    public void Match_ZeroPaddedBoundAndDottedFixForThisProduct_FixedDeviceIsNotAffected()
    {
        Assert.Equal(MatchStatus.NotAffected, MatchOne("ICSMA-18-128-01", Device("Silex Technology", "SD-320AN", "2.0.3"))!.Status);
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-18-128-01", Device("Silex Technology", "SD-320AN", "2.01"))!.Status);
    }

    [Fact]
    public void Match_OneProductInTwoVersionSchemes_LeafInDeviceSchemeDecides() =>
        Assert.Equal(MatchStatus.NotAffected, MatchOne("ICSMA-21-175-01", Device("Philips", "Interoperability Solution XDS", "2022-1"))!.Status);

    [Fact]
    public void Match_ManufacturerNameIsPartOfProductName_PicksThatProductsRange()
    {
        var match = MatchOne("ICSMA-19-241-01", Device("McKesson", "Cardiology", "13.1"));
        Assert.Equal(MatchStatus.Affected, match!.Status);
        Assert.Contains("13.x", match.Explanation.MatchedRanges);
    }

    [Fact]
    public void Match_VersionFieldNamesOtherModel_IsNotFlagged()
    {
        Assert.False(Flagged("ICSMA-19-080-01", Device("Medtronic", "MyCareLink Smart 25000 Patient Reader")));
        Assert.False(Flagged("ICSMA-20-233-01", Device("Philips", "SureSigns VM6")));
        Assert.True(Flagged("ICSMA-20-233-01", Device("Philips", "SureSigns VS4", "A.07.107")));
    }

    [Fact]
    public void Match_OtherProductLineSharingOnlyCategoryWords_IsNotFlagged() =>
        Assert.False(Flagged("ICSMA-21-084-01", Device("Philips", "Vereos Digital PET/CT")));

    [Fact]
    public void Match_SameModelNumberOtherProductLine_IsNotMatchedThroughTheNumber()
    {
        var match = MatchOne("ICSMA-18-114-01", Device("BD", "Pyxis MedStation 3500"));
        Assert.DoesNotContain("Anesthesia", match?.Explanation.ProductRule ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Match_ProductNamesOneLetterVariant_OtherVariantIsNotFlagged() =>
        Assert.False(Flagged("ICSMA-19-113-01", Device("FUJIFILM", "FCR Capsula XLII")));

    [Fact]
    public void Match_DeviceModelNumberAgainstProductShortCode_IsNotFlagged()
    {
        Assert.False(Flagged("ICSMA-22-062-01", Device("BD", "Pyxis MedStation 3500")));
        Assert.True(Flagged("ICSMA-22-062-01", Device("BD", "Pyxis MedStation ES")));
    }

    [Fact]
    public void Match_BrandWordSharedButBothSidesAddWords_IsNotFlagged()
    {
        Assert.False(Flagged("ICSMA-24-249-01", Device("Welch Allyn", "Connex Vital Signs Monitor", "2.42.00")));
        Assert.False(Flagged("ICSMA-20-170-05", Device("BIOTRONIK", "CardioMessenger Smart")));
        Assert.True(Flagged("ICSMA-24-249-01", Device("Baxter", "Connex Health Portal", "2024-06-14")));
    }

    [Fact]
    public void Match_DeviceWithinOneLeafAndSharingWordsWithAnother_TheContainingLeafDecides()
    {
        var match = MatchOne("ICSMA-21-152-01", Device("Baxter", "Welch Allyn Connex Spot Monitor", "1.52.01"));
        Assert.Equal(MatchStatus.NotAffected, match!.Status);
        Assert.Contains("< 1.52", match.Explanation.MatchedRanges);
    }

    [Theory]
    [InlineData("1.52", "affected")]
    [InlineData("1.52.00.3", "possibly_affected")] // a later release within the last listed line (<= 1.52), below the announced 1.52.01
    [InlineData("1.52.01", "not_affected")] // the version the remediation announces (written under "mitigation")
    [InlineData("1.53", "not_affected")]
    public void Match_SubReleaseOfTheLastListedVersion_IsReviewedUnlessTheAnnouncedFixIsReached(string version, string expected)
    {
        var match = MatchOne("ICSMA-24-151-02", Device("Baxter", "Welch Allyn Connex Spot Monitor", version));
        Assert.Equal(expected, match!.Status.ToName());
    }

    [Theory]
    [InlineData("ICSMA-19-164-01", "BD", "AGW", "1.1.6")] // Alaris Gateway Workstation: the initials of the product
    [InlineData("ICSMA-17-229-01", "Philips", "DWP", "1.1.7.333")] // DoseWise Portal: a two-part word gives two initials
    [InlineData("ICSMA-21-152-01", "Hill-Rom", "CVSM 6000", "2.43.01")] // the acronym the product defines, with a series number
    public void Match_ModelTypedAsTheProductsInitials_IsFlagged(string advisoryId, string manufacturer, string model, string version)
    {
        var match = MatchOne(advisoryId, Device(manufacturer, model, version));
        Assert.True(match?.Status.IsFlagged(), match?.Explanation.ToString() ?? "no match");
        Assert.Contains(model.Split(' ')[0], match!.Explanation.ProductRule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ICSMA-19-164-01", "BD", "AGX")] // not the initials
    [InlineData("ICSMA-19-164-01", "BD", "agw")] // lower case: a word, not an acronym someone typed
    [InlineData("ICSMA-19-080-01", "Medtronic", "MCL Smart 25000")] // initials of a product whose version field lists other models
    public void Match_InitialsThatDoNotFit_AreNotFlagged(string advisoryId, string manufacturer, string model) =>
        Assert.False(Flagged(advisoryId, Device(manufacturer, model)));

    [Fact]
    public void Match_AcronymTypedInCapitals_IsFoundInTheAdvisorysText()
    {
        // ICSMA-18-025-01 names its product "IntelliSpace Cardiovascular" in the tree and "ISCV" in its notes.
        var match = MatchOne("ICSMA-18-025-01", Device("Philips", "ISCV", "2.2.1"));
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status);
        Assert.Contains(match.Explanation.Evidence, e => e.Kind == "document_text" && e.Text.Contains("ISCV", StringComparison.Ordinal));

        // A word typed in lower case, or capitals the text writes only inside another word, is not enough.
        Assert.False(Flagged("ICSMA-18-025-01", Device("Philips", "iscv", "2.2.1")));
        Assert.False(Flagged("ICSMA-18-025-01", Device("Philips", "SCV", "2.2.1")));
    }

    [Fact]
    public void Match_KindOfDeviceWords_DoNotMakeAnotherProduct()
    {
        // ICSMA-18-107-01 lists "Ellipse" (and Fortify, Unify, ...): an "Ellipse VR ICD" is an Ellipse; ICD says what it is.
        var match = MatchOne("ICSMA-18-107-01", Device("St. Jude Medical", "Ellipse VR ICD"));
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status); // version unknown, devices distributed before a date
        Assert.Contains("Ellipse", match.Explanation.ProductRule, StringComparison.Ordinal);
        Assert.False(Flagged("ICSMA-18-107-01", Device("St. Jude Medical", "Gallant VR ICD")));
    }

    [Fact]
    public void Match_OneLetterPrefixes_TellProductsApart()
    {
        // ICSMA-21-343-01 lists H-Scribe, R-Scribe, X-Scribe and Q-Stress: an R-Scribe is matched to R-Scribe only.
        var match = MatchOne("ICSMA-21-343-01", Device("Welch Allyn", "R-Scribe", "7.0.0"));
        Assert.True(match!.Status.IsFlagged());
        Assert.Contains("R-Scribe", match.Explanation.ProductRule, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Scribe", match.Explanation.ProductRule, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_BrandOfTheDevicesOwnVendor_IsNotAnotherProductLine()
    {
        // ICSMA-19-178-01 lists "MiniMed Paradigm 523/723 pumps"; MiniMed is a brand of the device's vendor in the vendor
        // catalogue, so a "Paradigm Revel 723" (or its catalogue number MMT-723) shares model 723 with it.
        foreach (var model in new[] { "Paradigm Revel 723", "MMT-723 Paradigm Revel" })
        {
            var match = MatchOne("ICSMA-19-178-01", Device("Medtronic", model));
            Assert.True(match!.Status.IsFlagged(), model);
            Assert.Contains("share model identifier '723'", match.Explanation.ProductRule, StringComparison.Ordinal);
        }

        // A number the advisory does not list is still another model, brand or not.
        Assert.False(Flagged("ICSMA-19-178-01", Device("Medtronic", "Paradigm Revel 999")));
    }

    [Fact]
    public void Match_IotDeviceWords_SayWhatAProductIs()
    {
        // ICSMA-22-298-01: "KardiaMobile IoT device", all versions. "IoT device" says what it is; the device's own
        // variant (6L, 1-lead) is the same product.
        foreach (var model in new[] { "KardiaMobile 6L", "KardiaMobile 1-lead" })
        {
            Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-22-298-01", Device("AliveCor", model))!.Status);
        }

        Assert.False(Flagged("ICSMA-22-298-01", Device("AliveCor", "KardiaStation")));
    }

    [Fact]
    public void Match_TreatmentAndModalityWords_SayWhatAProductIs()
    {
        // ICSMA-20-170-03: "Phoenix Hemodialysis Delivery System" 3.36 | 3.40 — a Phoenix X36 at 3.40 is that product.
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-20-170-03", Device("Baxter", "Phoenix X36", "3.40"))!.Status);
        Assert.False(Flagged("ICSMA-20-170-03", Device("Baxter", "Phoenix X36", "3.20")));
        Assert.False(Flagged("ICSMA-20-170-03", Device("Baxter", "Sigma Spectrum", "8.00")));

        // ICSMA-21-313-01: "MRI 1.5T" 5.x.x — MR names the modality; the field strength is the model.
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-21-313-01", Device("Philips", "Ingenia 1.5T", "5.7.1"))!.Status);
        Assert.False(Flagged("ICSMA-21-313-01", Device("Philips", "Ingenia 1.5T", "4.1.3")));
    }

    [Fact]
    public void Match_HostOfAnIntegratedPart_IsPossiblyAffected()
    {
        // ICSMA-18-128-01: "GEH-500 <= 1.54 (integrated into GE MobileLink)". A device registered as the host product
        // is exposed; the listed versions are the part's, so the host's version cannot decide.
        var match = MatchOne("ICSMA-18-128-01", Device("GE Healthcare", "MobileLink", "9.0"));
        Assert.Equal(MatchStatus.PossiblyAffected, match!.Status);
        Assert.Contains("integrated part 'GEH-500'", match.Explanation.VersionRule, StringComparison.Ordinal);
        Assert.Contains(match.Explanation.Evidence, e => e.Kind == "relationship" && e.Text.Contains("integrated into GE MobileLink", StringComparison.Ordinal));

        // Another product of the vendor is not the host.
        Assert.False(Flagged("ICSMA-18-128-01", Device("GE Healthcare", "CARESCAPE B450", "2.0")));
    }

    [Fact]
    public void Match_ProductDirectlyNamed_DecidesBeforeOneNamedByInitials()
    {
        // IntelliBridge Enterprise (IBE) <= B.12 is named directly; the "IntelliBridge Enterprise system integration"
        // products only by initials, and their version fields cannot be read.
        var match = MatchOne("ICSMA-20-163-01", Device("Philips", "IBE", "B.13"));
        Assert.False(match?.Status.IsFlagged() ?? false, match?.Explanation.ToString());
    }

    [Fact]
    public void Match_ModelWrittenAfterTheColonOfTheFullName_Matches()
    {
        // "SureSigns: VS4 A.07.107 and prior", product_name SureSigns
        var match = MatchOne("ICSMA-20-233-01", Device("Philips", "VS4 vital signs", "A.07.107"));
        Assert.Equal(MatchStatus.Affected, match!.Status);
        Assert.False(Flagged("ICSMA-20-233-01", Device("Philips", "VS3 vital signs", "A.07.107")));
    }

    [Fact]
    public void Match_FieldStrengthAndModalityWrittenDifferently_Match()
    {
        var match = MatchOne("ICSMA-21-313-01", Device("Philips", "Ingenia 3.0T MR System", "5.7.1"));
        Assert.Equal(MatchStatus.Affected, match!.Status);
        Assert.Equal(["5.x.x"], match.Explanation.MatchedRanges);
        Assert.Equal(["CSAFPID-0002"], match.Explanation.ProductIds); // MRI 3T, not MRI 1.5T
    }

    [Fact]
    public void Match_OperatingSystemInProductName_IsNotPartOfTheProduct() =>
        Assert.True(Flagged("ICSMA-17-215-01", Device("Siemens Healthineers", "Biograph mCT PET/CT")));

    [Fact]
    public void Match_BrandWithCatalogueNumber_MatchesDeviceWithoutNumber() =>
        Assert.True(Flagged("ICSMA-20-049-01", Device("Spacelabs", "Arkon Anesthesia Delivery System")));

    [Fact]
    public void Match_ProductNameOpensVersionField_ComparesTheRest()
    {
        Assert.Equal(MatchStatus.Affected, MatchOne("ICSMA-20-296-01", Device("B. Braun", "OnlineSuite", "AP 3.0"))!.Status);
        Assert.Equal(MatchStatus.NotAffected, MatchOne("ICSMA-20-296-01", Device("B. Braun", "OnlineSuite", "AP 3.1"))!.Status);
        Assert.Null(MatchOne("ICSMA-20-296-01", Device("B. Braun", "OnlineSuite", "3.0")));
    }

    [Fact]
    public void AddAdvisoryTrackerDomain_ExtraAliasSetting_ReachesTheRegisteredMatcher()
    {
        var registration = new ServiceCollection().AddAdvisoryTrackerDomain().Single(d => d.ServiceType == typeof(IAdvisoryMatcher));
        var options = new VendorCatalogueOptions { ExtraAliases = { ["baxter"] = ["Acme Renal Holdings"] } };
        var matcher = (IAdvisoryMatcher)registration.ImplementationFactory!(new OptionsOnlyProvider(Options.Create(options)));
        var device = Device("Acme Renal Holdings", "Prismaflex", "8.20");

        Assert.Single(matcher.Match(Advisory("ICSMA-20-170-02"), [device]), m => m.Status == MatchStatus.Affected);
        Assert.Null(MatchOne("ICSMA-20-170-02", device)); // the shipped catalogue alone does not know the name
    }

    [Fact]
    public void CorporateHistory_SpinOff_RelatesTheNewCompanyToItsFormerParent()
    {
        // vendors.json: Vantive spun_off_from baxter (Baxter's kidney care business, 2025). A Prismaflex registered under the
        // new name is still the product of the Baxter advisory; the link is umbrella strength, so confidence is lower.
        var match = MatchOne("ICSMA-20-170-02", Device("Vantive", "Prismaflex", "8.20"))!;
        Assert.Equal(MatchStatus.Affected, match.Status);
        Assert.Contains("corporate history", match.Explanation.VendorRule, StringComparison.Ordinal);
        Assert.True(Domain.Vendors.VendorCatalogue.Default.Entries.All(e => e.History.Count == 0 || !string.IsNullOrWhiteSpace(e.Provenance)),
            "every entry with corporate history names where the facts come from");
    }

    /// <summary>The one service the matcher registration asks for.</summary>
    private sealed class OptionsOnlyProvider(IOptions<VendorCatalogueOptions> options) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IOptions<VendorCatalogueOptions>) ? options : null;
    }
}
