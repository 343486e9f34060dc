using SmartShop.Core.Andon;

namespace SmartShop.Core.Tests.Andon;

public sealed class AndonEscalationTests
{
    private static readonly DateTimeOffset Raised = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4, null, 0)]
    [InlineData(5, null, 1)]
    [InlineData(14, null, 1)]
    [InlineData(15, null, 2)]
    [InlineData(600, null, 2)]
    [InlineData(60, 3, 0)]
    [InlineData(60, 7, 1)]
    public void LevelAt_CountsStepsPassedBeforeAcknowledgement(int minutesLater, int? acknowledgedAfter, int expected)
    {
        var acknowledged = acknowledgedAfter is { } a ? Raised.AddMinutes(a) : (DateTimeOffset?)null;

        Assert.Equal(expected, AndonEscalation.Default.LevelAt(Raised, acknowledged, Raised.AddMinutes(minutesLater)));
    }

    [Fact]
    public void NextEscalation_AfterTheLastStep_IsNull()
    {
        Assert.Equal(Raised.AddMinutes(15), AndonEscalation.Default.NextEscalation(Raised, 1));
        Assert.Null(AndonEscalation.Default.NextEscalation(Raised, 2));
    }

    [Fact]
    public void TryCreate_StepsNotIncreasing_SaysWhich()
    {
        Assert.Null(AndonEscalation.TryCreate([TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5)], out var error));
        Assert.Equal("step 2 (00:05:00) must be positive and later than the one before", error);
    }
}
