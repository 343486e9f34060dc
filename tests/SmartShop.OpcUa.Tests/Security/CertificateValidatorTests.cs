using System.Security.Cryptography;
using SmartShop.OpcUa.Security;
using SmartShop.Testing;

namespace SmartShop.OpcUa.Tests.Security;

public sealed class CertificateValidatorTests : IDisposable
{
    private static readonly SecurityPolicy Policy = SecurityPolicy.Basic256Sha256;

    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(TestCertificates.Now);
    private readonly List<string> _warnings = [];
    private readonly PkiDirectory _pki;

    public CertificateValidatorTests()
    {
        _pki = new PkiDirectory(Path.Combine(_temp.Path, "pki"));
        _pki.EnsureCreated();
    }

    public void Dispose() => _temp.Dispose();

    private CertificateValidator Validator(bool autoAccept = false) =>
        new(_pki, _clock, new CertificateValidationOptions { AutoAcceptUntrusted = autoAccept, Warning = _warnings.Add });

    [Fact]
    public void Validate_UntrustedSelfSigned_ThrowsWithSubjectThumbprintAndHowToTrust()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.Untrusted, e.Problems);
        Assert.Equal(0x801A0000u, e.StatusCode); // BadCertificateUntrusted
        Assert.Equal(server.Thumbprint, e.Thumbprint);
        Assert.Contains("CN=PLC Sim, O=ACME", e.Message, StringComparison.Ordinal);
        Assert.Contains(server.Thumbprint, e.Message, StringComparison.Ordinal);
        Assert.Contains(_pki.TrustedCertificates, e.Message, StringComparison.Ordinal);
        Assert.Contains($"smartshop ua trust {server.Thumbprint}", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.RejectedCopyPath!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Untrusted_SavesCopyToRejected()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(Path.Combine(_pki.RejectedCertificates, $"PLC Sim [{server.Thumbprint}].der"), e.RejectedCopyPath);
        Assert.Equal(server.RawData, File.ReadAllBytes(e.RejectedCopyPath!));
    }

    [Fact]
    public void Validate_RejectedCopyMovedToTrusted_Accepts()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        File.Copy(e.RejectedCopyPath!, Path.Combine(_pki.TrustedCertificates, Path.GetFileName(e.RejectedCopyPath!)));

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
        Assert.Equal(server.Thumbprint, validated.Thumbprint);
    }

    [Fact]
    public void TrustRejected_Thumbprint_MovesCertificateAndValidationSucceeds()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        var trustedPath = _pki.TrustRejected(server.Thumbprint.ToLowerInvariant());

        Assert.True(File.Exists(trustedPath));
        Assert.Empty(Directory.GetFiles(_pki.RejectedCertificates));
        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
    }

    [Fact]
    public void TrustRejected_UnknownThumbprint_Throws()
    {
        Assert.Throws<FileNotFoundException>(() => _pki.TrustRejected(new string('A', 40)));
    }

    [Fact]
    public void Validate_TrustedPemFile_Accepts()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        File.WriteAllText(Path.Combine(_pki.TrustedCertificates, "plc.pem"), server.ExportCertificatePem());

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
    }

    [Fact]
    public void Validate_TrustedButExpired_ThrowsExpired()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, notBefore: TestCertificates.Now.AddYears(-2), notAfter: TestCertificates.Now.AddDays(10));
        _pki.AddTrusted(server);
        _clock.Advance(TimeSpan.FromDays(11));

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.Expired, e.Problems);
        Assert.Equal(0x80140000u, e.StatusCode); // BadCertificateTimeInvalid
        Assert.Contains("expired on 2026-01-15", e.Message, StringComparison.Ordinal);
        Assert.Null(e.RejectedCopyPath);
    }

    [Fact]
    public void Validate_TrustedNotYetValid_ThrowsNotYetValid()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, notBefore: TestCertificates.Now.AddHours(2), notAfter: TestCertificates.Now.AddYears(1));
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.NotYetValid, e.Problems);
        Assert.Contains("not valid before", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidityChecked_AgainstInjectedClockNotWallClock()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, notBefore: new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero),
            notAfter: new DateTimeOffset(2041, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _pki.AddTrusted(server);
        _clock.SetUtcNow(new DateTimeOffset(2040, 6, 1, 0, 0, 0, TimeSpan.Zero));

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
    }

    [Fact]
    public void Validate_UntrustedAndExpired_ReportsBothAndSavesRejectedCopy()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, notBefore: TestCertificates.Now.AddYears(-2), notAfter: TestCertificates.Now.AddDays(-1));

        var e = Assert.Throws<CertificateValidationException>(() => Validator(autoAccept: true).ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.Untrusted | CertificateProblems.Expired, e.Problems);
        Assert.NotNull(e.RejectedCopyPath);
        Assert.Empty(_warnings); // AutoAcceptUntrusted does not excuse an expired certificate
    }

    [Fact]
    public void Validate_KeyTooSmallForPolicy_ThrowsPolicyCheckFailed()
    {
        using var key = TestCertificates.WeakKey();
        using var server = TestCertificates.SelfSigned(key);
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.KeySizeNotAllowed, e.Problems);
        Assert.Equal(0x81140000u, e.StatusCode); // BadCertificatePolicyCheckFailed
        Assert.Contains("1024 bits; Basic256Sha256 needs 2048 to 4096", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyTooSmallWithPolicyNone_Accepts()
    {
        using var key = TestCertificates.WeakKey();
        using var server = TestCertificates.SelfSigned(key);
        _pki.AddTrusted(server);

        using var validated = Validator().ValidateServerCertificate(server.RawData, SecurityPolicy.None);
    }

    [Fact]
    public void Validate_Sha1Signed_ThrowsSignatureAlgorithmNotAllowed()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, hash: HashAlgorithmName.SHA1);
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.SignatureAlgorithmNotAllowed, e.Problems);
        Assert.Contains("SHA-256 or stronger", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_4096BitKey_Accepts()
    {
        using var key = TestCertificates.LargeKey();
        using var server = TestCertificates.SelfSigned(key);
        _pki.AddTrusted(server);

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
    }

    [Fact]
    public void Validate_ApplicationUriDiffersFromEndpoint_ThrowsUriMismatch()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, applicationUri: "urn:plc-sim:server");
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() =>
            Validator().ValidateServerCertificate(server.RawData, Policy, expectedApplicationUri: "urn:other:server"));

        Assert.Equal(CertificateProblems.ApplicationUriMismatch, e.Problems);
        Assert.Equal(0x80170000u, e.StatusCode); // BadCertificateUriInvalid
        Assert.Contains("'urn:plc-sim:server'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'urn:other:server'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ApplicationUriMatchesEndpoint_Accepts()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, applicationUri: "urn:plc-sim:server");
        _pki.AddTrusted(server);

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy, expectedApplicationUri: "urn:plc-sim:server");
    }

    [Fact]
    public void Validate_KeyUsageWithoutDigitalSignature_ThrowsUseNotAllowed()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key, usage: System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyEncipherment);
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.UseNotAllowed, e.Problems);
    }

    [Fact]
    public void Validate_IssuedByTrustedCa_Accepts()
    {
        using var caKey = TestCertificates.CaKey();
        using var ca = TestCertificates.CertificateAuthority(caKey);
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.IssuedBy(ca, key);
        _pki.AddTrusted(TestCertificates.PublicOnly(ca));

        using var validated = Validator().ValidateServerCertificate(server.RawData, Policy);
    }

    [Fact]
    public void Validate_IssuerOnlyInIssuersFolder_ThrowsUntrusted()
    {
        using var caKey = TestCertificates.CaKey();
        using var ca = TestCertificates.CertificateAuthority(caKey);
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.IssuedBy(ca, key);
        _pki.AddIssuer(TestCertificates.PublicOnly(ca));

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.Untrusted, e.Problems);
    }

    [Fact]
    public void Validate_IssuerUnknown_ThrowsUntrustedNamingIssuer()
    {
        using var caKey = TestCertificates.CaKey();
        using var ca = TestCertificates.CertificateAuthority(caKey);
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.IssuedBy(ca, key);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));

        Assert.Equal(CertificateProblems.Untrusted, e.Problems);
        Assert.Contains("the issuer 'CN=Plant CA, O=ACME' was not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ChainSentByServerWithTrustedCa_Accepts()
    {
        using var caKey = TestCertificates.CaKey();
        using var ca = TestCertificates.CertificateAuthority(caKey);
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.IssuedBy(ca, key);
        _pki.AddTrusted(TestCertificates.PublicOnly(ca));

        using var validated = Validator().ValidateServerCertificate([.. server.RawData, .. ca.RawData], Policy);

        Assert.Equal(server.Thumbprint, validated.Thumbprint);
    }

    [Fact]
    public void Validate_TrustedCaExpired_ThrowsIssuerTimeInvalid()
    {
        // .NET will not issue beyond the issuer's validity, so the trusted CA is a re-issue of the signing CA (same key
        // and name) that ends sooner: the server certificate stays valid while its issuer expires.
        using var caKey = TestCertificates.CaKey();
        using var signingCa = TestCertificates.CertificateAuthority(caKey);
        using var shortLivedCa = TestCertificates.CertificateAuthority(caKey, notAfter: TestCertificates.Now.AddDays(10));
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.IssuedBy(signingCa, key);
        _pki.AddTrusted(TestCertificates.PublicOnly(shortLivedCa));
        using (var validated = Validator().ValidateServerCertificate(server.RawData, Policy))
        {
        }

        _clock.Advance(TimeSpan.FromDays(20));

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(server.RawData, Policy));
        Assert.Equal(CertificateProblems.IssuerTimeInvalid, e.Problems);
        Assert.Equal(0x80150000u, e.StatusCode); // BadCertificateIssuerTimeInvalid
        Assert.Contains("its issuer 'CN=Plant CA, O=ACME'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SelfSignedCertificateCopiedWithOtherKeyIntoTrusted_StaysUntrusted()
    {
        // Same subject, different key: trust is by the exact certificate, not its name.
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);
        using var otherKey = TestCertificates.OtherKey();
        using var impostor = TestCertificates.SelfSigned(otherKey);
        _pki.AddTrusted(server);

        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate(impostor.RawData, Policy));

        Assert.Equal(CertificateProblems.Untrusted, e.Problems);
    }

    [Fact]
    public void Validate_AutoAcceptUntrusted_AcceptsAndWarns()
    {
        using var key = TestCertificates.ServerKey();
        using var server = TestCertificates.SelfSigned(key);

        using var validated = Validator(autoAccept: true).ValidateServerCertificate(server.RawData, Policy);

        var warning = Assert.Single(_warnings);
        Assert.Contains(server.Thumbprint, warning, StringComparison.Ordinal);
        Assert.Contains("AutoAcceptUntrusted", warning, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_pki.RejectedCertificates));
    }

    [Fact]
    public void Validate_GarbageBytes_ThrowsInvalid()
    {
        var e = Assert.Throws<CertificateValidationException>(() => Validator().ValidateServerCertificate([0x30, 0x82, 0x10], Policy));

        Assert.Equal(CertificateProblems.Invalid, e.Problems);
        Assert.Equal(0x80120000u, e.StatusCode); // BadCertificateInvalid
    }

    [Fact]
    public void SaveRejected_ManyCertificates_KeepsAtMostTheLimit()
    {
        using var key = TestCertificates.ServerKey();
        for (var i = 0; i < PkiDirectory.MaxRejectedCertificates + 5; i++)
        {
            using var certificate = TestCertificates.SelfSigned(key, commonName: $"PLC {i}");
            _pki.SaveRejected(certificate);
        }

        Assert.Equal(PkiDirectory.MaxRejectedCertificates, Directory.GetFiles(_pki.RejectedCertificates).Length);
    }
}
