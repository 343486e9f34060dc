using System.Security.Cryptography;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// The P_hash pseudo-random function of RFC 5246 section 5 (the TLS 1.2 PRF without its label), which OPC UA uses to
/// derive the symmetric channel keys from the two nonces (OPC 10000-6 6.7.5). P_SHA256 is the KeyDerivationAlgorithm
/// of Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss.
/// </summary>
public static class PseudoRandomFunction
{
    /// <summary>Fills <paramref name="output"/> with P_SHA256(secret, seed).</summary>
    public static void PSha256(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, Span<byte> output) =>
        PHash(HashAlgorithmName.SHA256, secret, seed, output);

    /// <summary>
    /// Fills <paramref name="output"/> with P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + …
    /// where A(0) = seed and A(i) = HMAC(secret, A(i-1)). Offsets into the sequence are slices of the output.
    /// </summary>
    public static void PHash(HashAlgorithmName hash, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed, Span<byte> output)
    {
        using var hmac = IncrementalHash.CreateHMAC(hash, secret);
        Span<byte> a = stackalloc byte[hmac.HashLengthInBytes];
        Span<byte> block = stackalloc byte[hmac.HashLengthInBytes];

        // A(1)
        hmac.AppendData(seed);
        hmac.GetHashAndReset(a);

        var written = 0;
        while (written < output.Length)
        {
            hmac.AppendData(a);
            hmac.AppendData(seed);
            hmac.GetHashAndReset(block);

            var take = Math.Min(block.Length, output.Length - written);
            block[..take].CopyTo(output[written..]);
            written += take;

            // A(i + 1)
            hmac.AppendData(a);
            hmac.GetHashAndReset(a);
        }

        CryptographicOperations.ZeroMemory(a);
        CryptographicOperations.ZeroMemory(block);
    }
}
