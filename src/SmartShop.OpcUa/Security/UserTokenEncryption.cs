using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// The password (or other token secret) field of a UserIdentityToken and the encryptionAlgorithm that goes with it.
/// <see cref="EncryptionAlgorithm"/> is null when the secret is sent as plain UTF-8 (policy None).
/// </summary>
public sealed record EncryptedTokenSecret(byte[] Data, string? EncryptionAlgorithm);

/// <summary>
/// Encrypts user token secrets for ActivateSession in the legacy format of OPC 10000-4 7.41.2.2 (7.36.2.2 in 1.04):
/// <c>length (UInt32, little-endian) | secret | serverNonce</c>, where length counts secret and nonce, RSA-encrypted
/// with the server certificate's public key block by block. Every server supports this format.
/// </summary>
public static class UserTokenEncryption
{
    /// <summary>
    /// The policy that protects a user token (OPC 10000-4 7.41.2.1): the UserTokenPolicy's securityPolicyUri, or the
    /// endpoint's policy when that is null or empty. A user name token on a None endpoint usually names
    /// Basic256Sha256 here, so the password is still encrypted. Throws <see cref="NotSupportedException"/> for a
    /// policy this stack does not implement.
    /// </summary>
    public static SecurityPolicy SelectPolicy(string? userTokenPolicySecurityPolicyUri, string endpointSecurityPolicyUri)
    {
        var uri = string.IsNullOrEmpty(userTokenPolicySecurityPolicyUri) ? endpointSecurityPolicyUri : userTokenPolicySecurityPolicyUri;
        return SecurityPolicy.FromUri(uri)
            ?? throw new NotSupportedException($"The user token security policy '{uri}' is not supported.");
    }

    /// <summary>Encrypts a password given as text (UTF-8 encoded, as OPC UA requires).</summary>
    public static EncryptedTokenSecret EncryptPassword(
        SecurityPolicy policy, string password, ReadOnlySpan<byte> serverNonce, X509Certificate2? serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(password);
        var utf8 = Encoding.UTF8.GetBytes(password);
        try
        {
            return EncryptSecret(policy, utf8, serverNonce, serverCertificate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8);
        }
    }

    /// <summary>
    /// Encrypts a token secret with the server's public key and the last serverNonce. With policy None the secret is
    /// returned as is (and the caller should have warned: the password crosses the network readable).
    /// The server certificate must have been validated first (OPC 10000-4 7.41.2.1).
    /// </summary>
    public static EncryptedTokenSecret EncryptSecret(
        SecurityPolicy policy, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> serverNonce, X509Certificate2? serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsNone)
        {
            return new EncryptedTokenSecret(secret.ToArray(), null);
        }

        ArgumentNullException.ThrowIfNull(serverCertificate);
        if (!policy.IsValidNonce(serverNonce, exactLength: false))
        {
            throw new ArgumentException(
                $"The server nonce has {serverNonce.Length} bytes; encrypting a secret with {policy.Name} needs at least " +
                $"{policy.SecureChannelNonceLength} (the server must return one in CreateSession).", nameof(serverNonce));
        }

        var plainText = new byte[4 + secret.Length + serverNonce.Length];
        try
        {
            BinaryPrimitives.WriteUInt32LittleEndian(plainText, checked((uint)(secret.Length + serverNonce.Length)));
            secret.CopyTo(plainText.AsSpan(4));
            serverNonce.CopyTo(plainText.AsSpan(4 + secret.Length));
            return new EncryptedTokenSecret(policy.AsymmetricEncrypt(plainText, serverCertificate), policy.AsymmetricEncryptionAlgorithmUri);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainText);
        }
    }

    /// <summary>
    /// The server side of <see cref="EncryptSecret"/>, for tests and simulators: decrypts with the server's private key,
    /// checks the length field and that the secret ends with <paramref name="expectedServerNonce"/>, and returns the secret.
    /// Throws <see cref="CryptographicException"/> when any of that fails.
    /// </summary>
    public static byte[] DecryptSecret(
        SecurityPolicy policy, EncryptedTokenSecret encrypted, ReadOnlySpan<byte> expectedServerNonce, X509Certificate2 serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(encrypted);
        if (policy.IsNone)
        {
            return (byte[])encrypted.Data.Clone();
        }

        if (!string.Equals(encrypted.EncryptionAlgorithm, policy.AsymmetricEncryptionAlgorithmUri, StringComparison.Ordinal))
        {
            throw new CryptographicException(
                $"The secret is encrypted with '{encrypted.EncryptionAlgorithm}', not {policy.AsymmetricEncryptionAlgorithmUri}.");
        }

        var plainText = policy.AsymmetricDecrypt(encrypted.Data, serverCertificate);
        try
        {
            if (plainText.Length < 4)
            {
                throw new CryptographicException("The decrypted secret has no length field.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(plainText);
            if (length != plainText.Length - 4 || length < expectedServerNonce.Length)
            {
                throw new CryptographicException($"The length field says {length} bytes; {plainText.Length - 4} follow it.");
            }

            var secretLength = (int)length - expectedServerNonce.Length;
            if (!CryptographicOperations.FixedTimeEquals(plainText.AsSpan(4 + secretLength), expectedServerNonce))
            {
                throw new CryptographicException("The secret was encrypted for a different server nonce.");
            }

            return plainText.AsSpan(4, secretLength).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainText);
        }
    }
}
