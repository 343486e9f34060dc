using SmartShop.OpcUa.SecureChannel;

namespace SmartShop.OpcUa.Tests.SecureChannel;

public sealed class SequenceNumbersTests
{
    [Theory]
    [InlineData(1u, 2u)]
    [InlineData(SequenceNumbers.WrapThreshold, SequenceNumbers.WrapThreshold + 1)]
    [InlineData(SequenceNumbers.WrapThreshold + 1, 1u)]
    [InlineData(uint.MaxValue, 1u)]
    public void Next_AroundTheWrapThreshold_FollowsTheSpec(uint current, uint expected)
    {
        Assert.Equal(expected, SequenceNumbers.Next(current));
    }

    [Theory]
    [InlineData(5u, 6u, true)]
    [InlineData(5u, 5u, false)]
    [InlineData(5u, 7u, false)]
    [InlineData(5u, 4u, false)]
    [InlineData(SequenceNumbers.WrapThreshold + 1, 0u, true)]
    [InlineData(SequenceNumbers.WrapThreshold + 1, 1023u, true)]
    [InlineData(SequenceNumbers.WrapThreshold + 1, 1024u, false)]
    [InlineData(SequenceNumbers.WrapThreshold, 3u, false)]
    public void IsValidSuccessor_Cases_MatchTheWrapRule(uint previous, uint received, bool valid)
    {
        Assert.Equal(valid, SequenceNumbers.IsValidSuccessor(previous, received));
    }

    [Fact]
    public void ReceivedSequence_GapAfterStart_IsBadSequenceNumberInvalidNamingBoth()
    {
        var sequence = new ReceivedSequence();
        sequence.Accept(51);
        sequence.Accept(52);

        var error = Assert.Throws<UaException>(() => sequence.Accept(54));

        Assert.Equal(StatusCodes.BadSequenceNumberInvalid, error.StatusCode.Code);
        Assert.Contains("54 after 52", error.Message, StringComparison.Ordinal);
    }
}
