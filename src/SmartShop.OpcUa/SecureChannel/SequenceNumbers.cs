namespace SmartShop.OpcUa.SecureChannel;

/// <summary>
/// Sequence numbers of a secure channel (OPC 10000-6 §6.7.2.4, legacy sequence numbers used by None and
/// Basic256Sha256): every chunk sent carries the previous number plus one; the number may wrap only after passing
/// <see cref="WrapThreshold"/>, and the first number after the wrap is below 1,024. The receiver checks exactly
/// that, because a gap or repeat means a lost, replayed or injected chunk.
/// </summary>
public static class SequenceNumbers
{
    /// <summary>UInt32.MaxValue − 1,024: a sender may wrap only once its number is greater than this.</summary>
    public const uint WrapThreshold = uint.MaxValue - 1024;

    /// <summary>First numbers after a wrap are below this.</summary>
    public const uint WrapRestartLimit = 1024;

    /// <summary>The next number a sender uses after <paramref name="current"/> (wrapping to 1 once past the threshold).</summary>
    public static uint Next(uint current) => current > WrapThreshold ? 1 : current + 1;

    /// <summary>Whether <paramref name="received"/> may follow <paramref name="previous"/> on the same channel.</summary>
    public static bool IsValidSuccessor(uint previous, uint received) =>
        received == previous + 1 || (previous > WrapThreshold && received < WrapRestartLimit);
}

/// <summary>Checks the sequence numbers a client receives on one channel; the first one sets the start.</summary>
public sealed class ReceivedSequence
{
    private uint? _last;

    /// <summary>Accepts the next number or throws BadSequenceNumberInvalid naming the expected and received values.</summary>
    public void Accept(uint sequenceNumber)
    {
        if (_last is { } last && !SequenceNumbers.IsValidSuccessor(last, sequenceNumber))
        {
            throw new UaException(StatusCodes.BadSequenceNumberInvalid,
                $"Received sequence number {sequenceNumber} after {last}; expected {SequenceNumbers.Next(last)}. A chunk was lost, repeated or injected.");
        }

        _last = sequenceNumber;
    }
}
