using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>SecurityPolicy#None: no keys, no signatures, no encryption. Cryptographic operations are refused.</summary>
internal sealed class NoneSecurityPolicy() : SecurityPolicy(NoneUri)
{
    public override bool IsNone => true;

    public override string? AsymmetricSignatureAlgorithmUri => null;

    public override string? AsymmetricEncryptionAlgorithmUri => null;

    public override string? SymmetricSignatureAlgorithmUri => null;

    public override string? SymmetricEncryptionAlgorithmUri => null;

    public override string? KeyDerivationAlgorithmUri => null;

    public override int SecureChannelNonceLength => 0;

    public override int DerivedSignatureKeyLength => 0;

    public override int SymmetricEncryptionKeyLength => 0;

    public override int SymmetricBlockSize => 0;

    public override int SymmetricSignatureSize => 0;

    public override int MinAsymmetricKeyLengthBits => 0;

    public override int MaxAsymmetricKeyLengthBits => int.MaxValue;

    public override int AsymmetricEncryptionPaddingOverhead => 0;

    public override bool IsCertificateSignatureAlgorithmAllowed(string? signatureAlgorithmOid) => true;

    public override ChannelKeys DeriveChannelKeys(ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce) =>
        throw Refuse("derive channel keys");

    public override int AsymmetricSign(ReadOnlySpan<byte> data, X509Certificate2 signer, Span<byte> signature) =>
        throw Refuse("sign");

    public override bool AsymmetricVerify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer) =>
        throw Refuse("verify signatures");

    public override int AsymmetricEncrypt(ReadOnlySpan<byte> plainText, X509Certificate2 recipient, Span<byte> destination) =>
        throw Refuse("encrypt");

    public override int AsymmetricDecrypt(ReadOnlySpan<byte> cipherText, X509Certificate2 owner, Span<byte> destination) =>
        throw Refuse("decrypt");

    private static InvalidOperationException Refuse(string what) =>
        new($"SecurityPolicy None cannot {what}: it has no algorithms. Check IsNone before calling.");
}
