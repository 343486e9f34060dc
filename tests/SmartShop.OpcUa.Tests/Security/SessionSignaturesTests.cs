using System.Security.Cryptography;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class SessionSignaturesTests
{
    private static readonly SecurityPolicy Policy = SecurityPolicy.Basic256Sha256;

    [Fact]
    public void CreateClientSignature_Basic256Sha256_SignsServerCertificateThenServerNonce()
    {
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "SmartShop", "urn:host:SmartShop");
        using var serverKey = TestCertificates.OtherKey();
        using var server = TestCertificates.SelfSigned(serverKey);
        var serverNonce = Policy.CreateNonce();

        var signature = SessionSignatures.CreateClientSignature(Policy, client, server.RawData, serverNonce);

        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", signature.Algorithm);
        Assert.NotNull(signature.Signature);
        byte[] signed = [.. server.RawData, .. serverNonce];
        Assert.True(clientKey.VerifyData(signed, signature.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void VerifyServerSignature_ServerSignedClientCertificateAndNonce_ReturnsTrue()
    {
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "SmartShop", "urn:host:SmartShop");
        using var serverKey = TestCertificates.OtherKey();
        using var server = TestCertificates.SelfSigned(serverKey);
        using var serverPublic = TestCertificates.PublicOnly(server);
        var clientNonce = Policy.CreateNonce();

        // What the server does in CreateSession: sign our certificate + our nonce with its key.
        var serverSignature = SessionSignatures.CreateClientSignature(Policy, server, client.RawData, clientNonce);

        Assert.True(SessionSignatures.VerifyServerSignature(Policy, serverPublic, client.RawData, clientNonce, serverSignature));
    }

    [Fact]
    public void VerifyServerSignature_OtherNonce_ReturnsFalse()
    {
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "SmartShop", "urn:host:SmartShop");
        using var serverKey = TestCertificates.OtherKey();
        using var server = TestCertificates.SelfSigned(serverKey);
        var serverSignature = SessionSignatures.CreateClientSignature(Policy, server, client.RawData, Policy.CreateNonce());

        Assert.False(SessionSignatures.VerifyServerSignature(Policy, server, client.RawData, Policy.CreateNonce(), serverSignature));
    }

    [Fact]
    public void VerifyServerSignature_WrongAlgorithmUri_ReturnsFalse()
    {
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey, "SmartShop", "urn:host:SmartShop");
        using var serverKey = TestCertificates.OtherKey();
        using var server = TestCertificates.SelfSigned(serverKey);
        var nonce = Policy.CreateNonce();
        var signed = SessionSignatures.CreateClientSignature(Policy, server, client.RawData, nonce);

        var relabelled = signed with { Algorithm = "http://www.w3.org/2000/09/xmldsig#rsa-sha1" };

        Assert.False(SessionSignatures.VerifyServerSignature(Policy, server, client.RawData, nonce, relabelled));
        Assert.False(SessionSignatures.VerifyServerSignature(Policy, server, client.RawData, nonce, SessionSignature.Empty));
    }

    [Fact]
    public void CreateClientSignature_PolicyNone_IsEmptyAndVerifies()
    {
        using var clientKey = TestCertificates.ServerKey();
        using var client = TestCertificates.SelfSigned(clientKey);

        var signature = SessionSignatures.CreateClientSignature(SecurityPolicy.None, client, [], []);

        Assert.Null(signature.Algorithm);
        Assert.Null(signature.Signature);
        Assert.True(SessionSignatures.VerifyServerSignature(SecurityPolicy.None, client, [], [], signature));
    }
}
