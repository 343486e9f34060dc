using System.Security.Cryptography;
using SmartShop.OpcUa.Security;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class UaCertificateTests
{
    [Fact]
    public void LoadChain_LeafFollowedByIssuer_ReturnsBothLeafFirst()
    {
        using var caKey = TestCertificates.CaKey();
        using var ca = TestCertificates.CertificateAuthority(caKey);
        using var key = TestCertificates.ServerKey();
        using var leaf = TestCertificates.IssuedBy(ca, key);

        var chain = UaCertificate.LoadChain([.. leaf.RawData, .. ca.RawData]);

        Assert.Equal([leaf.Thumbprint, ca.Thumbprint], chain.Select(c => c.Thumbprint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("3082ffff00")]
    [InlineData("04020000")]
    public void LoadChain_NotDerCertificates_ThrowsCryptographic(string hex)
    {
        Assert.ThrowsAny<CryptographicException>(() => UaCertificate.LoadChain(Convert.FromHexString(hex)));
    }

    [Fact]
    public void LoadChain_MoreThanLimit_Throws()
    {
        using var key = TestCertificates.ServerKey();
        using var certificate = TestCertificates.SelfSigned(key);
        var blob = Enumerable.Repeat(certificate.RawData, UaCertificate.MaxChainLength + 1).SelectMany(b => b).ToArray();

        Assert.ThrowsAny<CryptographicException>(() => UaCertificate.LoadChain(blob));
    }

    [Fact]
    public void BuildSubjectAltName_UriDnsAndIp_ReadsBack()
    {
        using var key = TestCertificates.ServerKey();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=x", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(UaCertificate.BuildSubjectAltName("urn:host:app", ["host.example", "10.0.0.7"]));
        using var certificate = request.CreateSelfSigned(TestCertificates.Now, TestCertificates.Now.AddDays(1));

        Assert.Equal("urn:host:app", UaCertificate.GetApplicationUri(certificate));
        Assert.Equal(["host.example"], UaCertificate.GetDnsNames(certificate));
    }

    [Fact]
    public void GetApplicationUri_NoSubjectAltName_ReturnsNull()
    {
        using var key = TestCertificates.ServerKey();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=x", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TestCertificates.Now, TestCertificates.Now.AddDays(1));

        Assert.Null(UaCertificate.GetApplicationUri(certificate));
    }

    [Fact]
    public void GetSha1Thumbprint_Certificate_Is20BytesOfThumbprint()
    {
        using var key = TestCertificates.ServerKey();
        using var certificate = TestCertificates.SelfSigned(key);

        var thumbprint = UaCertificate.GetSha1Thumbprint(certificate);

        Assert.Equal(20, thumbprint.Length);
        Assert.Equal(certificate.Thumbprint, Convert.ToHexString(thumbprint));
        Assert.Equal(SHA1.HashData(certificate.RawData), thumbprint);
    }

    [Fact]
    public void GetFileName_CommonNameWithPathCharacters_IsSafe()
    {
        using var key = TestCertificates.ServerKey();
        using var certificate = TestCertificates.SelfSigned(key, commonName: "PLC/1:a\\b");

        Assert.Equal($"PLC_1_a_b [{certificate.Thumbprint}].der", UaCertificate.GetFileName(certificate, ".der"));
    }
}
