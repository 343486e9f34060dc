using SmartShop.Core.Traceability;

namespace SmartShop.Core.Tests.Traceability;

public sealed class CodePatternTests
{
    private static readonly CodeContext Context = new("WO-1001", "SPOOL-20", "line-1", "l1-cmm", new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.FromHours(8)), 42);

    [Theory]
    [InlineData("{order}-{seq:00000}", "WO-1001-00042")]
    [InlineData("{product}-{yyMMdd}-{seq:0000}", "SPOOL-20-261122-0042")]
    [InlineData("{line}/{machine}/{yyyy}{MM}{dd}{HH}{mm}/{seq}", "line-1/l1-cmm/202611222330/42")]
    [InlineData("L{yy}{jjj}-{seq:000}", "L26326-042")]
    [InlineData("{{{seq}}}", "{42}")]
    public void Format_Tokens_UsePlantTimeAndPadding(string pattern, string expected)
    {
        Assert.Equal(expected, CodePattern.Parse(pattern).Format(Context));
    }

    [Theory]
    [InlineData("{order}-{yyMMdd}", "The pattern has no {seq}: codes issued together would be equal.")]
    [InlineData("{order}-{sequence}", "Unknown token {sequence} at position 9;")]
    [InlineData("{seq:#0}", "{seq:#0} at position 1: only {seq} takes a format")]
    [InlineData("{product:00}{seq}", "{product:00} at position 1: only {seq} takes a format")]
    [InlineData("{seq", "The '{' at position 1 is not closed.")]
    [InlineData("A}{seq}", "A '}' at position 2 closes nothing")]
    [InlineData(" ", "The pattern is empty.")]
    public void TryParse_BadPattern_SaysWhereAndWhy(string pattern, string expected)
    {
        Assert.Null(CodePattern.TryParse(pattern, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WO-1001-00042", true)]
    [InlineData("SSCC/00012345", true)]
    [InlineData("-A", false)]
    [InlineData("A B", false)]
    [InlineData("", false)]
    public void Codes_IsValid_AcceptsLabelCharacters(string code, bool valid)
    {
        Assert.Equal(valid, Codes.IsValid(code));
    }
}
