using System.Security.Cryptography.X509Certificates;

namespace SmartShop.OpcUa.Security;

/// <summary>
/// The contents of a SignatureData structure (OPC 10000-4 7.37): the algorithm URI and the signature bytes. Both are
/// null when the policy is None.
/// </summary>
public sealed record SessionSignature(string? Algorithm, byte[]? Signature)
{
    public static SessionSignature Empty { get; } = new(null, null);
}

/// <summary>
/// The proofs of possession exchanged by CreateSession and ActivateSession (OPC 10000-4 5.6.2, 5.6.3): the client
/// signs serverCertificate + serverNonce, the server signs clientCertificate + clientNonce, both with the asymmetric
/// signature algorithm of the channel's SecurityPolicy.
/// </summary>
public static class SessionSignatures
{
    /// <summary>
    /// The clientSignature of ActivateSession: sign(<paramref name="serverCertificate"/> + <paramref name="serverNonce"/>)
    /// with our private key. <paramref name="serverCertificate"/> is the serverCertificate of CreateSessionResponse; when
    /// the server sent a chain, pass its leaf (first certificate), as the reference stacks do. The nonce is the last
    /// serverNonce received (CreateSession's, then each ActivateSession's).
    /// </summary>
    public static SessionSignature CreateClientSignature(
        SecurityPolicy policy, X509Certificate2 clientCertificate, ReadOnlySpan<byte> serverCertificate, ReadOnlySpan<byte> serverNonce)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsNone)
        {
            return SessionSignature.Empty;
        }

        var data = Concat(serverCertificate, serverNonce);
        return new SessionSignature(policy.AsymmetricSignatureAlgorithmUri, policy.AsymmetricSign(data, clientCertificate));
    }

    /// <summary>
    /// Checks the serverSignature of CreateSessionResponse: the server's key signed <paramref name="clientCertificate"/>
    /// (exactly the bytes we sent as clientCertificate) + <paramref name="clientNonce"/> (the clientNonce we sent).
    /// True for policy None (there is nothing to check); false for a wrong algorithm URI or signature.
    /// </summary>
    public static bool VerifyServerSignature(
        SecurityPolicy policy,
        X509Certificate2 serverCertificate,
        ReadOnlySpan<byte> clientCertificate,
        ReadOnlySpan<byte> clientNonce,
        SessionSignature serverSignature)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(serverSignature);
        if (policy.IsNone)
        {
            return true;
        }

        if (!string.Equals(serverSignature.Algorithm, policy.AsymmetricSignatureAlgorithmUri, StringComparison.Ordinal)
            || serverSignature.Signature is null)
        {
            return false;
        }

        return policy.AsymmetricVerify(Concat(clientCertificate, clientNonce), serverSignature.Signature, serverCertificate);
    }

    private static byte[] Concat(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var data = new byte[first.Length + second.Length];
        first.CopyTo(data);
        second.CopyTo(data.AsSpan(first.Length));
        return data;
    }
}
