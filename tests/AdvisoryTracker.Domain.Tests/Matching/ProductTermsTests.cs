using AdvisoryTracker.Domain.Matching;

namespace AdvisoryTracker.Domain.Tests.Matching;

/// <summary>The acronym and initials rules of <see cref="ProductTerms"/>, each stated on its own.</summary>
public sealed class ProductTermsTests
{
    [Theory]
    [InlineData("Alaris Gateway Workstation", "agw")]
    [InlineData("DoseWise Portal", "dwp")] // a word in two capitalised parts gives two initials...
    [InlineData("DoseWise Portal", "dp")] // ...or one (too short to keep: fewer than three letters)
    [InlineData("Patient Information Center iX", "pic")]
    [InlineData("Patient Information Center iX", "picix")]
    [InlineData("Picture Archiving and Communication System", "pacs")] // joining words are left out
    public void InitialsOf_RunsOfConsecutiveWords(string name, string initials)
    {
        var found = ProductTerms.InitialsOf(name);
        Assert.Equal(initials.Length >= 3, found.Contains(initials));
    }

    [Fact]
    public void InitialsOf_SkipsModelNumbersAndNeverSpansMoreThanSixWords()
    {
        Assert.DoesNotContain("am", ProductTerms.InitialsOf("Alaris 8015 Module"));
        Assert.All(ProductTerms.InitialsOf("One Two Three Four Five Six Seven Eight"), i => Assert.InRange(i.Length, 3, 6));
    }

    [Theory]
    [InlineData("R-Scribe Resting ECG System", "rscribe")]
    [InlineData("e-Alert Unit", "ealert")]
    [InlineData("CardioMessenger II-S T-Line", "tline")]
    public void LetterPrefixedWord_IsOneName(string model, string name)
    {
        var terms = ProductTerms.From(model, new HashSet<string>());
        Assert.Contains(name, terms.Names);
        Assert.DoesNotContain(name[1..], terms.Names); // "Scribe" alone is not the product's name...
        Assert.True(terms.Covers(name[1..])); // ...but still occurs in it
    }

    [Theory]
    [InlineData("CVSM 6000", new[] { "cvsm" })]
    [InlineData("PIC iX", new[] { "pic" })]
    [InlineData("Vue PACS", new[] { "pacs" })]
    [InlineData("Connex Vital Signs Monitor", new string[0])] // capitalised words, not capitals
    [InlineData("MX40", new string[0])] // a model number
    [InlineData("XT DR", new string[0])] // two letters: too short to read as initials
    public void Acronyms_AreWordsTypedInCapitals(string model, string[] acronyms) =>
        Assert.Equal(acronyms.Order(), ProductTerms.From(model, new HashSet<string>()).Acronyms.Order());
}
