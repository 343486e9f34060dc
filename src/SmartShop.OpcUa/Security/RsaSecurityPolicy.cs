using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// The family of RSA certificate policies with HMAC + AES-CBC symmetric security and P_hash key derivation
/// (Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss). A member is a set of <see cref="Parameters"/>.
/// </summary>
internal sealed class RsaSecurityPolicy(string uri, RsaSecurityPolicy.Parameters parameters) : SecurityPolicy(uri)
{
    /// <summary>What distinguishes one RSA policy from another; lengths in bytes unless named bits.</summary>
    internal sealed record Parameters(
        HashAlgorithmName AsymmetricSignatureHash,
        RSASignaturePadding AsymmetricSignaturePadding,
        string AsymmetricSignatureAlgorithmUri,
        RSAEncryptionPadding AsymmetricEncryptionPadding,
        int AsymmetricEncryptionPaddingOverhead,
        string AsymmetricEncryptionAlgorithmUri,
        HashAlgorithmName SymmetricSignatureHash,
        string SymmetricSignatureAlgorithmUri,
        string SymmetricEncryptionAlgorithmUri,
        HashAlgorithmName KeyDerivationHash,
        string KeyDerivationAlgorithmUri,
        int DerivedSignatureKeyLength,
        int SymmetricEncryptionKeyLength,
        int SecureChannelNonceLength,
        int MinAsymmetricKeyLengthBits,
        int MaxAsymmetricKeyLengthBits,
        IReadOnlyList<string> CertificateSignatureAlgorithmOids);

    // AES, whatever the key length.
    private const int AesBlockSize = 16;

    private readonly Parameters _p = parameters;

    public override bool IsNone => false;

    public override string? AsymmetricSignatureAlgorithmUri => _p.AsymmetricSignatureAlgorithmUri;

    public override string? AsymmetricEncryptionAlgorithmUri => _p.AsymmetricEncryptionAlgorithmUri;

    public override string? SymmetricSignatureAlgorithmUri => _p.SymmetricSignatureAlgorithmUri;

    public override string? SymmetricEncryptionAlgorithmUri => _p.SymmetricEncryptionAlgorithmUri;

    public override string? KeyDerivationAlgorithmUri => _p.KeyDerivationAlgorithmUri;

    public override int SecureChannelNonceLength => _p.SecureChannelNonceLength;

    public override int DerivedSignatureKeyLength => _p.DerivedSignatureKeyLength;

    public override int SymmetricEncryptionKeyLength => _p.SymmetricEncryptionKeyLength;

    public override int SymmetricBlockSize => AesBlockSize;

    public override int SymmetricSignatureSize => HashLength(_p.SymmetricSignatureHash);

    public override int MinAsymmetricKeyLengthBits => _p.MinAsymmetricKeyLengthBits;

    public override int MaxAsymmetricKeyLengthBits => _p.MaxAsymmetricKeyLengthBits;

    public override int AsymmetricEncryptionPaddingOverhead => _p.AsymmetricEncryptionPaddingOverhead;

    public override bool IsCertificateSignatureAlgorithmAllowed(string? signatureAlgorithmOid) =>
        signatureAlgorithmOid is not null && _p.CertificateSignatureAlgorithmOids.Contains(signatureAlgorithmOid);

    public override ChannelKeys DeriveChannelKeys(ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce)
    {
        CheckNonce(clientNonce, nameof(clientNonce));
        CheckNonce(serverNonce, nameof(serverNonce));
        var client = Derive(secret: serverNonce, seed: clientNonce);
        var server = Derive(secret: clientNonce, seed: serverNonce);
        return new ChannelKeys(client, server);
    }

    public override int AsymmetricSign(ReadOnlySpan<byte> data, X509Certificate2 signer, Span<byte> signature)
    {
        using var rsa = signer.GetRSAPrivateKey()
            ?? throw new ArgumentException($"The certificate {signer.Subject} has no RSA private key to sign with.", nameof(signer));
        if (!rsa.TrySignData(data, signature, _p.AsymmetricSignatureHash, _p.AsymmetricSignaturePadding, out var written))
        {
            throw new ArgumentException($"The signature needs {rsa.KeySize / 8} bytes.", nameof(signature));
        }

        return written;
    }

    public override bool AsymmetricVerify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer)
    {
        using var rsa = signer.GetRSAPublicKey()
            ?? throw new ArgumentException($"The certificate {signer.Subject} has no RSA key.", nameof(signer));
        return signature.Length == rsa.KeySize / 8
            && rsa.VerifyData(data, signature, _p.AsymmetricSignatureHash, _p.AsymmetricSignaturePadding);
    }

    public override int AsymmetricEncrypt(ReadOnlySpan<byte> plainText, X509Certificate2 recipient, Span<byte> destination)
    {
        using var rsa = recipient.GetRSAPublicKey()
            ?? throw new ArgumentException($"The certificate {recipient.Subject} has no RSA key.", nameof(recipient));
        var plainBlock = GetAsymmetricPlainTextBlockSize(rsa.KeySize);
        var cipherBlock = GetAsymmetricCipherTextBlockSize(rsa.KeySize);
        var needed = GetAsymmetricEncryptedLength(plainText.Length, rsa.KeySize);
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The cipher text needs {needed} bytes.", nameof(destination));
        }

        var written = 0;
        for (var offset = 0; offset < plainText.Length; offset += plainBlock)
        {
            var block = plainText.Slice(offset, Math.Min(plainBlock, plainText.Length - offset));
            written += rsa.Encrypt(block, destination.Slice(written, cipherBlock), _p.AsymmetricEncryptionPadding);
        }

        return written;
    }

    public override int AsymmetricDecrypt(ReadOnlySpan<byte> cipherText, X509Certificate2 owner, Span<byte> destination)
    {
        using var rsa = owner.GetRSAPrivateKey()
            ?? throw new ArgumentException($"The certificate {owner.Subject} has no RSA private key to decrypt with.", nameof(owner));
        var cipherBlock = GetAsymmetricCipherTextBlockSize(rsa.KeySize);
        if (cipherText.Length % cipherBlock != 0)
        {
            throw new CryptographicException(
                $"The cipher text is {cipherText.Length} bytes, not a multiple of the {cipherBlock}-byte RSA block.");
        }

        if (destination.Length < cipherText.Length)
        {
            throw new ArgumentException($"The plain text needs up to {cipherText.Length} bytes.", nameof(destination));
        }

        var written = 0;
        for (var offset = 0; offset < cipherText.Length; offset += cipherBlock)
        {
            written += rsa.Decrypt(cipherText.Slice(offset, cipherBlock), destination[written..], _p.AsymmetricEncryptionPadding);
        }

        return written;
    }

    private SymmetricKeys Derive(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> seed)
    {
        var signingKey = new byte[_p.DerivedSignatureKeyLength];
        var encryptingKey = new byte[_p.SymmetricEncryptionKeyLength];
        var iv = new byte[AesBlockSize];
        Span<byte> material = stackalloc byte[signingKey.Length + encryptingKey.Length + iv.Length];
        PseudoRandomFunction.PHash(_p.KeyDerivationHash, secret, seed, material);

        // Offsets per OPC 10000-6 table "Cryptography key generation parameters": signing key, encrypting key, IV.
        material[..signingKey.Length].CopyTo(signingKey);
        material.Slice(signingKey.Length, encryptingKey.Length).CopyTo(encryptingKey);
        material[(signingKey.Length + encryptingKey.Length)..].CopyTo(iv);
        CryptographicOperations.ZeroMemory(material);
        return new SymmetricKeys(this, _p.SymmetricSignatureHash, signingKey, encryptingKey, iv);
    }

    private void CheckNonce(ReadOnlySpan<byte> nonce, string name)
    {
        if (nonce.Length != _p.SecureChannelNonceLength)
        {
            throw new ArgumentException(
                $"{Name} needs {_p.SecureChannelNonceLength}-byte nonces; this one has {nonce.Length} bytes.", name);
        }
    }

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32
        : hash == HashAlgorithmName.SHA384 ? 48
        : hash == HashAlgorithmName.SHA512 ? 64
        : hash == HashAlgorithmName.SHA1 ? 20
        : throw new NotSupportedException($"Unknown hash {hash}.");
}
