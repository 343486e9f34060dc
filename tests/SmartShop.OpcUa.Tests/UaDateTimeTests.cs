namespace SmartShop.OpcUa.Tests;

/// <summary>The clamping rules of OPC 10000-6 5.2.2.5.</summary>
public sealed class UaDateTimeTests
{
    [Fact]
    public void FromDateTime_Epoch1601_IsZeroTicks()
    {
        Assert.Equal(0, UaDateTime.FromDateTime(new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Ticks);
    }

    [Fact]
    public void FromDateTime_BeforeEpoch_IsMinValue()
    {
        Assert.Equal(UaDateTime.MinValue, UaDateTime.FromDateTime(DateTime.MinValue));
        Assert.Equal(UaDateTime.MinValue, UaDateTime.FromDateTime(new DateTime(1600, 12, 31, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void FromDateTime_LastSecondOf9999OrLater_IsMaxValue()
    {
        Assert.Equal(UaDateTime.MaxValue, UaDateTime.FromDateTime(DateTime.MaxValue));
        Assert.Equal(UaDateTime.MaxValue, UaDateTime.FromDateTime(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(long.MaxValue, UaDateTime.MaxValue.Ticks);
    }

    [Fact]
    public void FromDateTime_SecondBeforeTheLast_IsNotClamped()
    {
        var time = new DateTime(9999, 12, 31, 23, 59, 58, DateTimeKind.Utc);

        Assert.Equal(time, UaDateTime.FromDateTime(time).ToDateTime());
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void FromTicks_Negative_IsMinValue(long ticks)
    {
        Assert.Equal(UaDateTime.MinValue, UaDateTime.FromTicks(ticks));
    }

    [Fact]
    public void FromTicks_BeyondPlatformRange_IsMaxValue()
    {
        Assert.Equal(UaDateTime.MaxValue, UaDateTime.FromTicks(long.MaxValue - 1));
    }

    [Fact]
    public void ToDateTime_MinAndMax_AreThePlatformExtremesInUtc()
    {
        Assert.Equal(DateTime.MinValue, UaDateTime.MinValue.ToDateTime());
        Assert.Equal(DateTime.MaxValue, UaDateTime.MaxValue.ToDateTime());
        Assert.Equal(DateTimeKind.Utc, UaDateTime.MaxValue.ToDateTime().Kind);
        Assert.Equal(DateTimeOffset.MaxValue, UaDateTime.MaxValue.ToDateTimeOffset());
    }

    [Fact]
    public void FromDateTimeOffset_OtherOffset_ConvertsToUtc()
    {
        var local = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal("2026-03-02T00:00:00.0000000Z", UaDateTime.FromDateTimeOffset(local).ToString());
    }
}
