namespace SmartShop.OpcUa.Security;

/// <summary>
/// The padding of an encrypted message chunk (OPC 10000-6 6.7.2.5). The encrypted area of a chunk is
/// <c>SequenceHeader | Body | PaddingSize | Padding | [ExtraPaddingSize] | Signature</c> and its length must be a
/// multiple of the plain text block size (16 for AES, key bytes − 42 for RSA-OAEP-SHA1). PaddingSize holds the low
/// byte of the padding count and every Padding byte repeats it; ExtraPaddingSize, present only when the encrypting
/// key is larger than 2048 bits, holds the high byte. Signed-only chunks have no padding fields at all.
/// </summary>
public static class MessagePadding
{
    /// <summary>
    /// Number of Padding bytes (not counting PaddingSize or ExtraPaddingSize) that make
    /// <paramref name="plainTextLength"/> (sequence header + body) plus the padding fields plus the signature a
    /// multiple of <paramref name="blockSize"/>. It is the smallest such count, 0 when already aligned, as the reference
    /// stacks send; the formula in 6.7.2.5 gives a whole block instead of 0, which receivers accept equally.
    /// </summary>
    public static int GetPaddingSize(int plainTextLength, int signatureSize, int blockSize, bool extraPaddingByte)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plainTextLength);
        ArgumentOutOfRangeException.ThrowIfNegative(signatureSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var unpadded = plainTextLength + signatureSize + (extraPaddingByte ? 2 : 1);
        var remainder = unpadded % blockSize;
        return remainder == 0 ? 0 : blockSize - remainder;
    }

    /// <summary>Bytes the padding fields take in the chunk: PaddingSize + Padding (+ ExtraPaddingSize).</summary>
    public static int GetPaddingFieldsLength(int paddingSize, bool extraPaddingByte) =>
        paddingSize + (extraPaddingByte ? 2 : 1);

    /// <summary>
    /// Writes PaddingSize, the Padding bytes and, when asked, ExtraPaddingSize at the start of
    /// <paramref name="destination"/>; returns the bytes written (<see cref="GetPaddingFieldsLength"/>).
    /// </summary>
    public static int WritePadding(Span<byte> destination, int paddingSize, bool extraPaddingByte)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(paddingSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingSize, extraPaddingByte ? ushort.MaxValue : byte.MaxValue);
        var length = GetPaddingFieldsLength(paddingSize, extraPaddingByte);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The padding needs {length} bytes.", nameof(destination));
        }

        var low = (byte)(paddingSize & 0xFF);
        destination[..(paddingSize + 1)].Fill(low);
        if (extraPaddingByte)
        {
            destination[paddingSize + 1] = (byte)(paddingSize >> 8);
        }

        return length;
    }

    /// <summary>
    /// Reads the padding fields at the end of <paramref name="plainTextWithoutSignature"/> (a decrypted chunk area with
    /// the signature already removed) and returns their total length, so the body ends that many bytes earlier.
    /// False when the padding is inconsistent: a count beyond the data, or a Padding byte that differs from PaddingSize.
    /// Check the signature first so a forged chunk is rejected before its padding is interpreted.
    /// </summary>
    public static bool TryReadPadding(ReadOnlySpan<byte> plainTextWithoutSignature, bool extraPaddingByte, out int paddingFieldsLength)
    {
        paddingFieldsLength = 0;
        var data = plainTextWithoutSignature;
        var fixedBytes = extraPaddingByte ? 2 : 1;
        if (data.Length < fixedBytes)
        {
            return false;
        }

        // The byte before ExtraPaddingSize is a Padding byte or PaddingSize itself; both hold the low byte.
        var low = data[data.Length - fixedBytes];
        var high = extraPaddingByte ? data[^1] : 0;
        var paddingSize = (high << 8) | low;
        var total = paddingSize + fixedBytes;
        if (total > data.Length)
        {
            return false;
        }

        var lowBytes = data.Slice(data.Length - total, paddingSize + 1);
        if (lowBytes.IndexOfAnyExcept(low) >= 0)
        {
            return false;
        }

        paddingFieldsLength = total;
        return true;
    }
}
