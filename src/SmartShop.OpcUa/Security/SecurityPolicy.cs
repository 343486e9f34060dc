using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// A SecurityPolicy of OPC 10000-7 as an object: its URI, the algorithms and lengths it fixes, and the operations the
/// secure channel and session need from it. Sizes are in bytes unless the name says bits.
/// <para>
/// <see cref="None"/> and <see cref="Basic256Sha256"/> are supported. The RSA policies differ only in their parameters
/// (<see cref="RsaSecurityPolicy"/>), so Aes128_Sha256_RsaOaep (AES-128 keys) and Aes256_Sha256_RsaPss (RSA-PSS
/// signatures, RSA-OAEP-SHA256 encryption) are one more static instance each, plus their entry in <see cref="Supported"/>.
/// </para>
/// </summary>
public abstract class SecurityPolicy
{
    public const string NoneUri = "http://opcfoundation.org/UA/SecurityPolicy#None";
    public const string Basic256Sha256Uri = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";

    /// <summary>Algorithm URIs as they appear in SignatureData.algorithm and UserIdentityToken.encryptionAlgorithm.</summary>
    public static class AlgorithmUris
    {
        public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
        public const string RsaOaep = "http://www.w3.org/2001/04/xmlenc#rsa-oaep";
        public const string HmacSha256 = "http://www.w3.org/2000/09/xmldsig#hmac-sha256";
        public const string Aes256Cbc = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
        public const string PSha256 = "http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512/dk/p_sha256";
    }

    private protected SecurityPolicy(string uri) => Uri = uri;

    /// <summary>No security: nothing is signed or encrypted. Using it is opt-in (see <see cref="SecurityModeGuard"/>).</summary>
    public static SecurityPolicy None { get; } = new NoneSecurityPolicy();

    /// <summary>
    /// Basic256Sha256 (OPC 10000-7): RSA-PKCS1-v1.5-SHA256 signatures, RSA-OAEP (SHA-1) encryption, HMAC-SHA256 with
    /// 32-byte keys, AES-256-CBC, P_SHA256 key derivation, 32-byte nonces, RSA keys of 2048 to 4096 bits,
    /// certificates signed with SHA-256 or stronger.
    /// </summary>
    public static SecurityPolicy Basic256Sha256 { get; } = new RsaSecurityPolicy(
        Basic256Sha256Uri,
        new RsaSecurityPolicy.Parameters(
            AsymmetricSignatureHash: HashAlgorithmName.SHA256,
            AsymmetricSignaturePadding: RSASignaturePadding.Pkcs1,
            AsymmetricSignatureAlgorithmUri: AlgorithmUris.RsaSha256,
            AsymmetricEncryptionPadding: RSAEncryptionPadding.OaepSHA1,
            AsymmetricEncryptionPaddingOverhead: 42, // OAEP with SHA-1: 2 * 20 + 2
            AsymmetricEncryptionAlgorithmUri: AlgorithmUris.RsaOaep,
            SymmetricSignatureHash: HashAlgorithmName.SHA256,
            SymmetricSignatureAlgorithmUri: AlgorithmUris.HmacSha256,
            SymmetricEncryptionAlgorithmUri: AlgorithmUris.Aes256Cbc,
            KeyDerivationHash: HashAlgorithmName.SHA256,
            KeyDerivationAlgorithmUri: AlgorithmUris.PSha256,
            DerivedSignatureKeyLength: 32,
            SymmetricEncryptionKeyLength: 32,
            SecureChannelNonceLength: 32,
            MinAsymmetricKeyLengthBits: 2048,
            MaxAsymmetricKeyLengthBits: 4096,
            CertificateSignatureAlgorithmOids: ["1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"]));

    /// <summary>The policies this stack implements, strongest first (the order to prefer endpoints in).</summary>
    public static IReadOnlyList<SecurityPolicy> Supported { get; } = [Basic256Sha256, None];

    /// <summary>The policy URI (http://opcfoundation.org/UA/SecurityPolicy#…).</summary>
    public string Uri { get; }

    /// <summary>The part after '#', e.g. "Basic256Sha256".</summary>
    public string Name => Uri[(Uri.IndexOf('#', StringComparison.Ordinal) + 1)..];

    public abstract bool IsNone { get; }

    public abstract string? AsymmetricSignatureAlgorithmUri { get; }

    public abstract string? AsymmetricEncryptionAlgorithmUri { get; }

    public abstract string? SymmetricSignatureAlgorithmUri { get; }

    public abstract string? SymmetricEncryptionAlgorithmUri { get; }

    public abstract string? KeyDerivationAlgorithmUri { get; }

    /// <summary>Length of the client and server nonces of OpenSecureChannel (SecureChannelNonceLength); 0 for None.</summary>
    public abstract int SecureChannelNonceLength { get; }

    /// <summary>Length of the derived HMAC key (DerivedSignatureKeyLength / 8).</summary>
    public abstract int DerivedSignatureKeyLength { get; }

    /// <summary>Length of the derived AES key.</summary>
    public abstract int SymmetricEncryptionKeyLength { get; }

    /// <summary>AES block size, which is also the InitializationVectorLength.</summary>
    public abstract int SymmetricBlockSize { get; }

    /// <summary>Length of a symmetric (HMAC) signature.</summary>
    public abstract int SymmetricSignatureSize { get; }

    public abstract int MinAsymmetricKeyLengthBits { get; }

    public abstract int MaxAsymmetricKeyLengthBits { get; }

    /// <summary>Bytes a single RSA encryption block loses to padding (42 for OAEP with SHA-1).</summary>
    public abstract int AsymmetricEncryptionPaddingOverhead { get; }

    public override string ToString() => Name;

    /// <summary>The policy for a URI; null for null, empty or an unsupported URI.</summary>
    public static SecurityPolicy? FromUri(string? uri)
    {
        foreach (var policy in Supported)
        {
            if (string.Equals(policy.Uri, uri, StringComparison.Ordinal))
            {
                return policy;
            }
        }

        return null;
    }

    /// <summary>True when an RSA key of this many bits may be used with the policy.</summary>
    public bool IsKeySizeAllowed(int keySizeBits) =>
        keySizeBits >= MinAsymmetricKeyLengthBits && keySizeBits <= MaxAsymmetricKeyLengthBits;

    /// <summary>
    /// True when a certificate signed with this algorithm (an OID such as 1.2.840.113549.1.1.11, sha256RSA) may be used
    /// with the policy. SHA-1 signed certificates are refused by Basic256Sha256.
    /// </summary>
    public abstract bool IsCertificateSignatureAlgorithmAllowed(string? signatureAlgorithmOid);

    /// <summary>Plain text bytes one RSA block carries: key size in bytes minus the padding overhead (214 for 2048 bits).</summary>
    public int GetAsymmetricPlainTextBlockSize(int keySizeBits) => (keySizeBits / 8) - AsymmetricEncryptionPaddingOverhead;

    /// <summary>Cipher text bytes of one RSA block: the key size in bytes.</summary>
    public static int GetAsymmetricCipherTextBlockSize(int keySizeBits) => keySizeBits / 8;

    /// <summary>Length of an RSA signature: the signer's key size in bytes.</summary>
    public static int GetAsymmetricSignatureSize(int keySizeBits) => keySizeBits / 8;

    /// <summary>Length of the RSA encryption of <paramref name="plainTextLength"/> bytes, block by block.</summary>
    public int GetAsymmetricEncryptedLength(int plainTextLength, int keySizeBits)
    {
        var plainBlock = GetAsymmetricPlainTextBlockSize(keySizeBits);
        var blocks = (plainTextLength + plainBlock - 1) / plainBlock;
        return blocks * GetAsymmetricCipherTextBlockSize(keySizeBits);
    }

    /// <summary>
    /// True when chunks encrypted with a key of this size carry the ExtraPaddingSize byte (OPC 10000-6 6.7.2.5): the
    /// padding of an RSA key above 2048 bits can exceed 255 bytes. Symmetric (AES) keys never need it.
    /// </summary>
    public static bool UsesExtraPaddingByte(int encryptingKeySizeBits) => encryptingKeySizeBits > 2048;

    /// <summary>A fresh cryptographic random nonce of <see cref="SecureChannelNonceLength"/> bytes (empty for None).</summary>
    public byte[] CreateNonce() => RandomNumberGenerator.GetBytes(SecureChannelNonceLength);

    /// <summary>
    /// Checks a nonce received from the server: exactly the policy's length for OpenSecureChannel, at least that long
    /// for CreateSession / ActivateSession (OPC 10000-4 5.6.2.2 asks for 32 bytes or more).
    /// </summary>
    public bool IsValidNonce(ReadOnlySpan<byte> nonce, bool exactLength = true) =>
        IsNone || (exactLength ? nonce.Length == SecureChannelNonceLength : nonce.Length >= SecureChannelNonceLength);

    /// <summary>
    /// Derives both directions' keys from the OpenSecureChannel nonces (OPC 10000-6 6.7.5): the client keys are
    /// PRF(secret = ServerNonce, seed = ClientNonce), the server keys PRF(secret = ClientNonce, seed = ServerNonce), each
    /// sequence split into signing key, encrypting key and IV in that order.
    /// </summary>
    public abstract ChannelKeys DeriveChannelKeys(ReadOnlySpan<byte> clientNonce, ReadOnlySpan<byte> serverNonce);

    /// <summary>Signs <paramref name="data"/> with the certificate's private key; returns the signature's length.</summary>
    public abstract int AsymmetricSign(ReadOnlySpan<byte> data, X509Certificate2 signer, Span<byte> signature);

    public byte[] AsymmetricSign(ReadOnlySpan<byte> data, X509Certificate2 signer)
    {
        var signature = new byte[GetAsymmetricSignatureSize(GetKeySizeBits(signer))];
        var written = AsymmetricSign(data, signer, signature);
        return written == signature.Length ? signature : signature[..written];
    }

    /// <summary>Verifies a signature made with the private key of <paramref name="signer"/>; false when it does not match.</summary>
    public abstract bool AsymmetricVerify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, X509Certificate2 signer);

    /// <summary>
    /// Encrypts with the recipient's public key, block by block: each slice of at most the plain text block size becomes
    /// one cipher text block. Returns the number of bytes written (<see cref="GetAsymmetricEncryptedLength"/>).
    /// </summary>
    public abstract int AsymmetricEncrypt(ReadOnlySpan<byte> plainText, X509Certificate2 recipient, Span<byte> destination);

    public byte[] AsymmetricEncrypt(ReadOnlySpan<byte> plainText, X509Certificate2 recipient)
    {
        var cipherText = new byte[GetAsymmetricEncryptedLength(plainText.Length, GetKeySizeBits(recipient))];
        AsymmetricEncrypt(plainText, recipient, cipherText);
        return cipherText;
    }

    /// <summary>
    /// Decrypts cipher text made of whole RSA blocks with the certificate's private key; returns the plain text length.
    /// <paramref name="destination"/> needs room for the cipher text's length (plain text is always shorter).
    /// Throws <see cref="CryptographicException"/> for cipher text that does not decrypt.
    /// </summary>
    public abstract int AsymmetricDecrypt(ReadOnlySpan<byte> cipherText, X509Certificate2 owner, Span<byte> destination);

    public byte[] AsymmetricDecrypt(ReadOnlySpan<byte> cipherText, X509Certificate2 owner)
    {
        var buffer = new byte[cipherText.Length];
        var written = AsymmetricDecrypt(cipherText, owner, buffer);
        var plainText = buffer[..written];
        CryptographicOperations.ZeroMemory(buffer);
        return plainText;
    }

    /// <summary>Size in bits of the certificate's RSA key; throws for a certificate without one.</summary>
    public static int GetKeySizeBits(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey()
            ?? throw new NotSupportedException($"The certificate {certificate.Subject} has no RSA key.");
        return rsa.KeySize;
    }
}
